import { useId, type ReactNode } from 'react';

export interface TabDefinition {
  id: string;
  label: string;
}

/** Accessible tab strip; arrow keys move between tabs. The caller renders the active panel. */
export function Tabs({ tabs, active, onChange, label, children }: { tabs: TabDefinition[]; active: string; onChange: (id: string) => void; label: string; children: ReactNode }) {
  const baseId = useId();
  const move = (offset: number) => {
    const index = tabs.findIndex((tab) => tab.id === active);
    const next = tabs[(index + offset + tabs.length) % tabs.length];
    onChange(next.id);
    document.getElementById(`${baseId}-${next.id}`)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${baseId}-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={tab.id === active}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => onChange(tab.id)}
            onKeyDown={(event) => {
              if (event.key === 'ArrowRight') move(1);
              if (event.key === 'ArrowLeft') move(-1);
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={`${baseId}-panel`} role="tabpanel" aria-labelledby={`${baseId}-${active}`}>
        {children}
      </div>
    </>
  );
}
