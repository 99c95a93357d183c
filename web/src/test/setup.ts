import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks these browser APIs that Ant Design's responsive helpers call.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = NoopResizeObserver;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom does not implement getComputedStyle for pseudo-elements (antd's tables ask for the
// scrollbar's); the element's own style is a fine answer.
const getComputedStyleOf = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => getComputedStyleOf(element);
