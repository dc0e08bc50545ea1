declare module 'virtual:node-manifest' {
  const manifest: import('./types').NodeManifest;
  export default manifest;
  /** Node type → its params migration (nodes/<type>.migrate.ts), for the types that migrate. */
  export const migrations: Record<string, NonNullable<import('../engine/node').AnyNodeDef['migrate']>>;
}
