import { create } from 'zustand';
import type { ImportIssue } from '../../sharing/issues';
import type { StorageError } from '../../storage/errors';

/** What the save indicator shows: 'memory' when there is no library to save into. */
export type SaveState = 'idle' | 'pending' | 'saved' | 'error' | 'memory';

/** Problems found in a file, link or example, each with its JSON path, for the issues dialog. */
export interface IssueReport {
  title: string;
  /** What the user can do about it. */
  hint: string;
  issues: ImportIssue[];
}

/** A graph just moved to the trash: the toast offers to bring it back. */
export interface UndoDelete {
  id: string;
  name: string;
  /** It was the open graph: undo reopens it. */
  wasOpen: boolean;
}

export interface LibraryState {
  /** 'starting' until storage answered; 'memory' when it failed (editing goes on in this tab only). */
  status: 'starting' | 'ready' | 'memory';
  /** The stored graph being edited (autosave target); null while starting or in memory. */
  openId: string | null;
  /** A storage failure to show in the banner (unavailable, quota…); null when dismissed or fixed. */
  banner: StorageError | null;
  save: { state: SaveState; at?: number; error?: StorageError };
  panel: boolean;
  tab: 'graphs' | 'examples';
  issues: IssueReport | null;
  undo: UndoDelete | null;
  /** A file is being dragged over the window. */
  dropping: boolean;
  /** updatedAt of the stored version this tab last opened or saved: a newer one came from another tab. */
  knownAt: number;
}

export const useLibrary = create<LibraryState>()(() => ({
  status: 'starting',
  openId: null,
  banner: null,
  save: { state: 'idle' },
  panel: false,
  tab: 'graphs',
  issues: null,
  undo: null,
  dropping: false,
  knownAt: 0,
}));

export function toggleLibrary(): void {
  useLibrary.setState((s) => ({ panel: !s.panel }));
}

export function showLibrary(tab: LibraryState['tab']): void {
  useLibrary.setState({ panel: true, tab });
}
