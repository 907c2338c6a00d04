// What a person sees at a window size, measured in Chromium: whether anything
// on the screen covers anything else, whether the page scrolls sideways, and
// whether the longest address in view shows its domain. Used by
// test/ui/layout.test.ts on every screen at 1024×640 and 1280×800.
//
// The function passed to page.evaluate runs in Chromium; this file compiles
// without the DOM library, so the few browser types it uses are declared here.
import type { Page } from 'playwright-core';

export interface LayoutReport {
  /** "A is covered by B", "A overlaps B": one line per problem, empty when the screen is clean. */
  problems: string[];
  /** Elements whose text or control was hit-tested, and blocks compared box to box. */
  checked: { hitTested: number; blocks: number };
  /** The longest email address in view, and whether all of its domain is painted inside its box. */
  longestAddress: { address: string; domainVisible: boolean } | null;
}

export interface ScreenLayout {
  /** One report per scroll position of the page, from the top to the bottom. */
  positions: (LayoutReport & { scrollTop: number })[];
  /** Pixels the page is wider than the window (it would scroll sideways). */
  horizontalOverflow: number;
  /** The outermost elements that reach past the window's right edge, when the page is wider. */
  widest: string[];
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

interface DomNode {
  nodeType: number;
  textContent: string | null;
  parentElement: DomElement | null;
}

interface DomElement extends DomNode {
  tagName: string;
  id: string;
  className: unknown;
  childNodes: ArrayLike<DomNode>;
  getBoundingClientRect(): Rect;
  contains(other: DomNode | null): boolean;
  closest(selector: string): DomElement | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  matches(selector: string): boolean;
}

interface DomRange {
  setStart(node: DomNode, offset: number): void;
  setEnd(node: DomNode, offset: number): void;
  getClientRects(): ArrayLike<Rect>;
}

interface PageGlobals {
  innerWidth: number;
  innerHeight: number;
  document: {
    querySelector(selector: string): DomElement | null;
    querySelectorAll(selector: string): ArrayLike<DomElement>;
    elementFromPoint(x: number, y: number): DomElement | null;
    createRange(): DomRange;
    createTreeWalker(root: DomElement, what: number): { nextNode(): DomNode | null };
  };
  getComputedStyle(element: DomElement): {
    display: string;
    visibility: string;
    opacity: string;
    overflowX: string;
    overflowY: string;
    pointerEvents: string;
    position: string;
    top: string;
    bottom: string;
  };
}

/** Measures the screen as it is scrolled now. Runs in the page. */
function measure(): LayoutReport {
  const web = globalThis as unknown as PageGlobals;
  const doc = web.document;
  const problems: string[] = [];

  const describe = (element: DomElement): string => {
    const name = element.getAttribute('aria-label') ?? element.getAttribute('data-testid') ?? '';
    const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${element.tagName.toLowerCase()}${classes}${name ? ` "${name}"` : ''}>${text ? ` “${text}”` : ''}`;
  };

  const intersect = (a: Rect, b: Rect): Rect => {
    const left = Math.max(a.left, b.left);
    const top = Math.max(a.top, b.top);
    const right = Math.min(a.right, b.right);
    const bottom = Math.min(a.bottom, b.bottom);
    return { left, top, right, bottom, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
  };

  const viewport: Rect = {
    left: 0,
    top: 0,
    right: web.innerWidth,
    bottom: web.innerHeight,
    width: web.innerWidth,
    height: web.innerHeight,
  };

  /** The part of an element's box that can be painted: its box cut by every clipping ancestor and the window. */
  const clipOf = (element: DomElement, box: Rect = element.getBoundingClientRect()): Rect => {
    let clip = intersect(box, viewport);
    for (let parent = element.parentElement; parent && clip.width > 0 && clip.height > 0; parent = parent.parentElement) {
      const style = web.getComputedStyle(parent);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clip = intersect(clip, parent.getBoundingClientRect());
    }
    return clip;
  };

  const shown = (element: DomElement): boolean => {
    if (element.closest('.visually-hidden, [hidden], [aria-hidden="true"]')) return false;
    for (let node: DomElement | null = element; node; node = node.parentElement) {
      const style = web.getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') return false;
    }
    return true;
  };

  const related = (a: DomElement, b: DomElement): boolean => a === b || a.contains(b) || b.contains(a);

  /**
   * A bar pinned to the foot of its scroll area (position: sticky, bottom: 0), such as a form's
   * action bar, is that area's bottom edge: what passes under it is below the fold, as under the window's
   * edge, and comes into view as the area scrolls. Anything else painted over content covers it.
   */
  const footerBarOf = (element: DomElement): DomElement | null => {
    for (let node: DomElement | null = element; node; node = node.parentElement) {
      const style = web.getComputedStyle(node);
      if (style.position === 'sticky' && style.bottom !== 'auto' && style.top === 'auto') return node;
    }
    return null;
  };

  // 1. Nothing is painted over a text or a control: the element at a few points of its visible part is itself.
  const root = doc.querySelector('.app');
  const all = root ? Array.from(root.querySelectorAll('*')) : [];
  let hitTested = 0;
  for (const element of all) {
    if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg') continue;
    const ownText = Array.from(element.childNodes).some((node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== '');
    const control = element.matches('input:not([type="hidden"]), select, textarea, button, svg[role="img"]');
    if (!ownText && !control) continue;
    if (web.getComputedStyle(element).pointerEvents === 'none' || !shown(element)) continue;
    const clip = clipOf(element);
    if (clip.width < 2 || clip.height < 2) continue;
    hitTested += 1;
    const y = clip.top + clip.height / 2;
    for (const x of [clip.left + Math.min(3, clip.width / 2), clip.left + clip.width / 2, clip.right - Math.min(3, clip.width / 2)]) {
      const hit = doc.elementFromPoint(x, y);
      if (hit && !related(element, hit) && !(footerBarOf(hit) && !footerBarOf(element))) {
        problems.push(`${describe(element)} is covered by ${describe(hit)} at (${Math.round(x)}, ${Math.round(y)})`);
        break;
      }
    }
  }

  // 2. The screen's blocks (landmarks, regions, panels, headings, controls) do not overlap one another.
  const blocks = Array.from(
    doc.querySelectorAll(
      '.app header, .app nav, .app main, .app aside, .app section, .app form, .app [role="region"], .app .panel, .app .callout, .app table, .app h1, .app h2, .app h3, .app button, .app input:not([type="hidden"]), .app select, .app textarea, .app [role="progressbar"]',
    ),
  )
    .filter((element) => shown(element))
    .map((element) => ({ element, clip: clipOf(element) }))
    .filter(({ clip }) => clip.width >= 2 && clip.height >= 2);
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const a = blocks[i]!;
      const b = blocks[j]!;
      if (related(a.element, b.element) || footerBarOf(a.element) !== footerBarOf(b.element)) continue;
      const overlap = intersect(a.clip, b.clip);
      if (overlap.width > 1 && overlap.height > 1)
        problems.push(
          `${describe(a.element)} overlaps ${describe(b.element)} by ${Math.round(overlap.width)}×${Math.round(overlap.height)}`,
        );
    }
  }

  // 3. The longest address in view shows its whole domain.
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  let longest: { element: DomElement; address: string } | null = null;
  for (const element of Array.from(doc.querySelectorAll('main td, main th, main [role="cell"], main [role="gridcell"]'))) {
    const address = (element.textContent ?? '').trim();
    if (!EMAIL.test(address) || !shown(element)) continue;
    // In view: its whole height is on screen (a row half scrolled away is not what a person reads).
    const box = element.getBoundingClientRect();
    const clip = clipOf(element);
    if (clip.width < 2 || clip.top > box.top + 0.5 || clip.bottom < box.bottom - 0.5) continue;
    if (!longest || address.length > longest.address.length) longest = { element, address };
  }
  let longestAddress: LayoutReport['longestAddress'] = null;
  if (longest) {
    const { element, address } = longest;
    // The domain's characters, wherever the cell's text nodes split them.
    const domainStart = (element.textContent ?? '').lastIndexOf('@');
    const walker = doc.createTreeWalker(element, 4);
    const range = doc.createRange();
    let offset = 0;
    let started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = (node.textContent ?? '').length;
      if (!started && offset + length > domainStart) {
        range.setStart(node, domainStart - offset);
        started = true;
      }
      if (started) range.setEnd(node, length);
      offset += length;
    }
    const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
    const domainVisible =
      rects.length > 0 &&
      rects.every((rect) => {
        // A rect is painted where its own text's element and every clipping ancestor let it.
        const clip = clipOf(element, element.getBoundingClientRect());
        return (
          rect.left >= clip.left - 0.5 && rect.right <= clip.right + 0.5 && rect.top >= clip.top - 0.5 && rect.bottom <= clip.bottom + 0.5
        );
      }) &&
      // An ellipsis drawn inside the domain part (text-overflow) hides it as surely as a clip.
      !Array.from(element.querySelectorAll('*'))
        .concat([element])
        .some((part) => {
          const text = part.textContent ?? '';
          if (!text.includes(address.slice(domainStart))) return false;
          const box = part.getBoundingClientRect();
          const style = web.getComputedStyle(part);
          return style.overflowX !== 'visible' && (part as unknown as { scrollWidth: number }).scrollWidth > box.width + 0.5;
        });
    longestAddress = { address, domainVisible };
  }

  return { problems, checked: { hitTested, blocks: blocks.length }, longestAddress };
}

/** Measures the screen at every scroll position of the page, top to bottom, a window's height less 80 px at a time. */
export async function measureScreen(page: Page): Promise<ScreenLayout> {
  const main = page.locator('main');
  const { scrollHeight, clientHeight, scrollWidth, clientWidth } = await main.evaluate((element) => {
    type Box = { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number };
    const box = element as unknown as Box;
    // The window scrolls sideways too when the whole app (header included) is wider than it.
    const page = (element as unknown as { ownerDocument: { documentElement: Box } }).ownerDocument.documentElement;
    const wider = Math.max(box.scrollWidth - box.clientWidth, page.scrollWidth - page.clientWidth);
    return {
      scrollHeight: box.scrollHeight,
      clientHeight: box.clientHeight,
      scrollWidth: box.clientWidth + wider,
      clientWidth: box.clientWidth,
    };
  });
  const positions: ScreenLayout['positions'] = [];
  const step = Math.max(100, clientHeight - 80);
  const stops: number[] = [];
  for (let top = 0; top < scrollHeight - clientHeight; top += step) stops.push(top);
  stops.push(Math.max(0, scrollHeight - clientHeight));
  for (const top of [...new Set(stops)]) {
    await main.evaluate((element, y) => (element as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, y), top);
    // Two frames: sticky positions and the virtualized table settle after a scroll.
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() =>
            (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve(null)),
          ),
        ),
    );
    positions.push({ scrollTop: top, ...(await page.evaluate(measure)) });
  }
  await main.evaluate((element) => (element as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  const widest =
    scrollWidth > clientWidth
      ? await main.evaluate((element) => {
          type Box = {
            getBoundingClientRect(): { right: number };
            parentElement: Box | null;
            tagName: string;
            className: unknown;
            querySelectorAll(s: string): ArrayLike<Box>;
          };
          const root = element as unknown as Box & { clientWidth: number };
          const edge = root.getBoundingClientRect().right;
          const past = Array.from(root.querySelectorAll('*')).filter((node) => node.getBoundingClientRect().right > edge + 0.5);
          return past
            .filter((node) => !past.includes(node.parentElement as Box))
            .map(
              (node) =>
                `<${node.tagName.toLowerCase()}${typeof node.className === 'string' && node.className ? `.${node.className.split(/\s+/).join('.')}` : ''}> to ${Math.round(node.getBoundingClientRect().right - edge)} px past the edge`,
            );
        })
      : [];
  return { positions, horizontalOverflow: Math.max(0, scrollWidth - clientWidth), widest };
}
