import { formatPath } from '../../engine/errors';
import { useLibrary } from './store';

/** Every problem of a refused file or link, each with its JSON path. */
export function IssuesDialog() {
  const report = useLibrary((s) => s.issues);
  if (!report) return null;
  const close = () => useLibrary.setState({ issues: null });
  return (
    <div className="overlay" onClick={close} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="overlay-card lib-issues" data-testid="import-issues" role="alertdialog" aria-labelledby="lib-issues-title" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2 id="lib-issues-title">{report.title}</h2>
          <button className="icon" onClick={close} aria-label="Close" autoFocus>
            ×
          </button>
        </header>
        <p className="muted">
          {report.issues.length === 1 ? 'One problem' : `${report.issues.length} problems`}. {report.hint}
        </p>
        <ol className="lib-issue-list">
          {report.issues.map((issue, i) => (
            <li key={i} data-testid="import-issue" data-code={issue.code}>
              <code className="lib-issue-path">{formatPath(issue.path)}</code>
              <span className="lib-issue-code">{issue.code}</span>
              <div>{issue.message}</div>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
