import { toggleCompare, useCompare } from './compare/store';
import { toggleLessons, useLessons } from './store';

/** The toolbar's part for lessons: the Lessons panel and the compare view. */
export function LessonsControls() {
  const lessons = useLessons((s) => s.open);
  const compare = useCompare((s) => s.open);
  return (
    <div className="toolbar-group lessons-controls">
      <button className={lessons ? 'active' : ''} aria-pressed={lessons} data-testid="lessons-toggle" onClick={toggleLessons} title="The lessons, and the open graph’s notes" aria-label="Lessons">
        ✎<span className="lessons-label"> Lessons</span>
      </button>
      <button className={compare ? 'active' : ''} aria-pressed={compare} data-testid="compare-toggle" onClick={toggleCompare} title="Compare the samplers of the last run: samples, trajectories at one t, metrics" aria-label="Compare">
        ◫<span className="lessons-label"> Compare</span>
      </button>
    </div>
  );
}
