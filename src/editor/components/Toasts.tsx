import { dismissToast, useUi } from '../store/ui';

/** Messages: at the pointer for a refused connection, else stacked at the bottom. */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <>
      {toasts
        .filter((t) => t.at)
        .map((t) => (
          <div key={t.id} className={`toast toast-${t.kind} at-pointer`} style={{ left: t.at!.x + 14, top: t.at!.y + 14 }} data-testid="toast" role="alert" onClick={() => dismissToast(t.id)}>
            {t.text}
          </div>
        ))}
      <div className="toasts">
        {toasts
          .filter((t) => !t.at)
          .map((t) => (
            <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast" role="alert" onClick={() => dismissToast(t.id)}>
              {t.text}
            </div>
          ))}
      </div>
    </>
  );
}
