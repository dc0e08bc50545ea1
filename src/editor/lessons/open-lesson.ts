import { openExample } from '../library/import';
import type { Lesson } from './catalog';
import { useLessons } from './store';

/**
 * Open a lesson as a private copy: the library's "open an example" stores it as a new
 * graph (a name in use gets " (2)") and makes it the document, or opens it in this tab
 * only when storage is unavailable; a broken file shows its problems instead. The panel
 * then turns to the lesson's notes.
 */
export async function openLesson(lesson: Lesson): Promise<boolean> {
  const opened = await openExample({ id: lesson.id, name: `Lesson ${lesson.number} · ${lesson.title}`, description: lesson.description, nodeCount: 0, text: lesson.text });
  if (opened) useLessons.setState({ open: true, view: 'notes', lesson: { id: lesson.id, number: lesson.number, title: lesson.title }, activeNote: null });
  return opened;
}
