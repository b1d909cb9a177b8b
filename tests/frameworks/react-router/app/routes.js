import { index, route } from "@react-router/dev/routes";

export default [index("routes/home.jsx"), route("prerendered", "routes/home.jsx", { id: "prerendered" })];
