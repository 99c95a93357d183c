import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

/**
 * A row wider than the screen (a phone's stage tabs) that scrolls sideways, with a fade and
 * an arrow on each side that has more, so people see there is more and can tap to it. The
 * element marked `aria-selected="true"` or `.ant-segmented-item-selected` is kept in view.
 */
export function ScrollRow({ children, testId, className }: { children: ReactNode; testId?: string; className?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const left = el.scrollLeft > 1;
    const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
  }, []);

  const shownSelected = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    // A newly chosen item is brought into view once; scrolling away from it is left alone.
    const selected = el.querySelector<HTMLElement>('.ant-segmented-item-selected, [aria-selected="true"]');
    if (selected && selected !== shownSelected.current) {
      shownSelected.current = selected;
      if (selected.offsetLeft < el.scrollLeft || selected.offsetLeft + selected.offsetWidth > el.scrollLeft + el.clientWidth) {
        el.scrollLeft = Math.max(0, selected.offsetLeft - 40);
      }
    }
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => observer?.disconnect();
  });

  const step = (direction: 1 | -1) => {
    const el = ref.current;
    if (!el) return;
    el.scrollBy({ left: direction * Math.max(120, el.clientWidth * 0.7), behavior: 'smooth' });
  };

  return (
    <div
      className={`closer-scroll-row${more.left ? ' has-left' : ''}${more.right ? ' has-right' : ''}${className ? ` ${className}` : ''}`}
      data-testid={testId}
      data-more-left={more.left}
      data-more-right={more.right}
    >
      <div className="closer-scroll-row__track" ref={ref} onScroll={measure}>
        {children}
      </div>
      {more.left && (
        <button type="button" className="closer-scroll-row__arrow closer-scroll-row__arrow--left" onClick={() => step(-1)} aria-label={t('common.scrollBack')} data-testid={testId ? `${testId}-back` : undefined}>
          <LeftOutlined />
        </button>
      )}
      {more.right && (
        <button type="button" className="closer-scroll-row__arrow closer-scroll-row__arrow--right" onClick={() => step(1)} aria-label={t('common.scrollMore')} data-testid={testId ? `${testId}-more` : undefined}>
          <RightOutlined />
        </button>
      )}
    </div>
  );
}
