/** Graph files in and out: export, import with validation, weights blocks, share links, the examples gallery. */
export { graphCacheKeys } from './cache-keys';
export { compactGraphJson, exportFileName, exportGraphFile, type ExportOptions } from './export';
export { importGraphFile, type ImportOptions } from './import';
export type { ImportedGraph, ImportIssue, ImportResult, SharingIssueCode } from './issues';
export { orderGraphFile } from './key-order';
export { decodeShareLink, encodeShareLink, isShareLink, SHARE_LINK_MAX_BYTES, type ShareLinkResult } from './share-link';
export { WEIGHTS_ENCODING, WEIGHTS_LIMITS, type WeightsEntry } from './weights-block';
