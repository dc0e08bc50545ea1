declare module 'virtual:node-manifest' {
  const manifest: import('./types').NodeManifest;
  export default manifest;
}
