export default { ssr: true, prerender: ["/prerendered"] };
