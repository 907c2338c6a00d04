// One row of ARIA tabs with a roving tab stop (WAI-ARIA Authoring Practices, "Tabs with
// automatic activation"): only the selected tab is in the Tab order; Left and Right move
// to the previous and next tab (wrapping), Home and End to the first and last, and moving
// selects the tab and focuses it. Each tab gets its props from `tabProps`.
import type { KeyboardEvent } from 'react';
import { useCallback, useRef } from 'react';
import { rovingTarget } from './roving';

export interface RovingTabProps {
  ref: (element: HTMLButtonElement | null) => void;
  tabIndex: 0 | -1;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}

export function useRovingTabs<T>(tabs: readonly T[], selected: T, onSelect: (tab: T) => void): (tab: T) => RovingTabProps {
  const elements = useRef(new Map<T, HTMLButtonElement>());
  return useCallback(
    (tab: T): RovingTabProps => ({
      ref: (element) => {
        if (element) elements.current.set(tab, element);
        else elements.current.delete(tab);
      },
      tabIndex: tab === selected ? 0 : -1,
      onKeyDown: (event) => {
        const target = rovingTarget(event.key, tabs.indexOf(tab), tabs.length);
        if (target === null) return;
        event.preventDefault();
        const next = tabs[target]!;
        onSelect(next);
        elements.current.get(next)?.focus();
      },
    }),
    [tabs, selected, onSelect],
  );
}
