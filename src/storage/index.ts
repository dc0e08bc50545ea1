/** The graph library (IndexedDB via Dexie). React hooks live in ./hooks, the only React-importing file here. */
export { createAutosaver, type Autosaver, type AutosaveOptions } from './autosave';
export { DB_VERSION, DEFAULT_DB_NAME, SCHEMA } from './db';
export { StorageError, toStorageError, type StorageErrorKind, type StorageResult } from './errors';
export { collectGraphWeights, exportWithWeights, importFileToLibrary, openShareLink, storeImport, type LibraryImport } from './library-io';
export { MAX_NAME_LENGTH, uniqueName } from './names';
export { openLastGraph, rememberOpenGraph } from './session';
export { getStorage, openStorage, type LabStorage, type StorageOptions } from './storage';
export type { GraphMeta, GraphRecord, GraphSort, GraphSummary, KnownSettings, ListQuery, WeightTensor, WeightsInput, WeightsRecord } from './types';
export type { WeightsSize } from './weights';
