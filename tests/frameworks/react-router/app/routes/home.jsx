import { Hero } from "../hero.jsx";

export default function Home() {
  return <Hero />;
}
