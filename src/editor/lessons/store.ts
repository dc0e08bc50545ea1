import { create } from 'zustand';

/** The Lessons panel: the list of lessons, or the reading pane of the open graph's notes. */
export interface LessonsState {
  open: boolean;
  view: 'list' | 'notes';
  /** The lesson opened from the panel (its copy is the document now), for the pane's title. */
  lesson: { id: string; number: number; title: string } | null;
  /** The note last centred on the canvas. */
  activeNote: string | null;
}

export const useLessons = create<LessonsState>()(() => ({ open: false, view: 'list', lesson: null, activeNote: null }));

export function toggleLessons(): void {
  useLessons.setState((s) => ({ open: !s.open }));
}

/** Width of the docked panel at most, in CSS pixels (lessons.css: min(380px, 45%) of the stage). */
export const PANEL_WIDTH = 380;
