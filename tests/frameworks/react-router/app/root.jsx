import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
// The slot script's text, from the installed package, inline in <head>.
import slot from "crumbtrail/slot.js?raw";

export function Layout({ children }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>Shop</title>
        <link rel="icon" href="data:," />
        <script dangerouslySetInnerHTML={{ __html: slot }} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}
