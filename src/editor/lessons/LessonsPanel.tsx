import { useMemo, useState } from 'react';
import { GraphThumbnail } from '../library/GraphThumbnail';
import { listLessons, type Lesson } from './catalog';
import { openLesson } from './open-lesson';
import { ReadingPane } from './ReadingPane';
import { useLessons } from './store';
import './lessons.css';

function LessonCard({ lesson }: { lesson: Lesson }) {
  const [busy, setBusy] = useState(false);
  const current = useLessons((s) => s.lesson?.id === lesson.id);
  return (
    <li>
      <button
        className={`lesson-card${current ? ' current' : ''}`}
        data-testid={`lesson-${lesson.number}`}
        data-lesson={lesson.id}
        disabled={busy}
        title="Open a private copy of this lesson"
        onClick={() => {
          setBusy(true);
          void openLesson(lesson).finally(() => setBusy(false));
        }}
      >
        <span className="lesson-number">{Number.isNaN(lesson.number) ? '·' : lesson.number}</span>
        <span className="lesson-text">
          <span className="lesson-title">{lesson.title}</span>
          <span className="lesson-desc">{lesson.description}</span>
          <span className="lesson-open">{busy ? 'Opening…' : current ? 'Open again as a new copy →' : 'Open a copy →'}</span>
        </span>
        <GraphThumbnail text={lesson.text} />
      </button>
    </li>
  );
}

function LessonList() {
  const lessons = useMemo(() => listLessons(), []);
  return (
    <div className="lessons-body" data-testid="lessons-list">
      <p className="lessons-hint">
        Each lesson is a graph with notes that walk through one idea of the tutorial, and checks of its claims. Opening one adds a copy to your graphs: change anything, the original stays.
      </p>
      <ol className="lessons-list">
        {lessons.map((l) => (
          <LessonCard key={l.id} lesson={l} />
        ))}
      </ol>
      {!lessons.length && <p className="muted">No lesson files in this build.</p>}
    </div>
  );
}

/** The Lessons panel, docked on the left of the canvas: the lessons in order, or the open graph's notes. */
export function LessonsPanel() {
  const open = useLessons((s) => s.open);
  const view = useLessons((s) => s.view);
  if (!open) return null;
  const tab = (v: typeof view, label: string) => (
    <button role="tab" aria-selected={view === v} className={view === v ? 'active' : ''} data-testid={`lessons-tab-${v}`} onClick={() => useLessons.setState({ view: v })}>
      {label}
    </button>
  );
  return (
    <aside className="lessons-panel" data-testid="lessons-panel" aria-label="Lessons">
      <header className="lessons-head">
        <div className="lessons-tabs" role="tablist">
          {tab('list', 'Lessons')}
          {tab('notes', 'Notes')}
        </div>
        <button className="icon lessons-close" data-testid="lessons-close" onClick={() => useLessons.setState({ open: false })} aria-label="Close the lessons panel" title="Close">
          ×
        </button>
      </header>
      {view === 'list' ? <LessonList /> : <ReadingPane />}
    </aside>
  );
}
