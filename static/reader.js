// newsreader: progressive enhancement, loaded from <head> so a remembered theme applies before
// the first paint. Pages work fully without it: links, the system colour scheme and printing.
// Adds: the theme toggle (remembered in localStorage), keyboard shortcuts and their help, and
// reading places: how far each article was read (kept in localStorage by permanent slug, never
// sent anywhere), "Continue reading" on return and "Already read" marks on the list.
// No inline code, no eval, no other host: it runs under `Content-Security-Policy: default-src 'self'`.
(() => {
  'use strict';

  const root = document.documentElement;
  const THEME_KEY = 'newsreader-theme';
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  // ---- Theme: data-theme="light" | "dark" pins a theme; no attribute follows the system.
  function storedTheme() {
    try {
      return localStorage.getItem(THEME_KEY);
    } catch {
      return null; // storage blocked: follow the system
    }
  }

  function storeTheme(theme) {
    try {
      if (theme) localStorage.setItem(THEME_KEY, theme);
      else localStorage.removeItem(THEME_KEY);
    } catch {
      // storage blocked: the choice lasts until the page is left
    }
  }

  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }

  const systemTheme = () => (systemDark.matches ? 'dark' : 'light');
  const currentTheme = () => root.dataset.theme || systemTheme();

  applyTheme(storedTheme());

  function setUpThemeToggle() {
    const button = document.querySelector('.theme-toggle');
    if (!button) return;
    const show = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
    button.addEventListener('click', () => {
      const wanted = currentTheme() === 'dark' ? 'light' : 'dark';
      // Choosing the system's own theme means "follow the system" again.
      const pinned = wanted === systemTheme() ? null : wanted;
      applyTheme(pinned);
      storeTheme(pinned);
      show();
    });
    systemDark.addEventListener('change', show);
    window.addEventListener('storage', (event) => {
      if (event.key !== THEME_KEY) return;
      applyTheme(event.newValue);
      show();
    });
    show();
    button.hidden = false;
  }

  // ---- Keyboard shortcuts and their help dialog.
  const searchField = () => document.querySelector('input[type="search"], .search input');

  // [keys, the word between them, what they do, whether the page offers it]
  const always = () => true;
  const SHORTCUTS = [
    [['j', 'k'], '/', 'Next / previous article in the list', always],
    [['Enter', 'o'], 'or', 'Open the selected article', always],
    [['n', 'p'], '/', 'Next / previous article', always],
    [['/'], '', 'Search', () => searchField() !== null],
    [['?'], '', 'Show this help', always],
    [['Esc'], '', 'Close this help', always],
  ];

  let help = null;

  function buildHelp() {
    const dialog = document.createElement('dialog');
    dialog.className = 'shortcuts';
    dialog.setAttribute('aria-labelledby', 'shortcuts-title');
    const title = document.createElement('h2');
    title.id = 'shortcuts-title';
    title.textContent = 'Keyboard shortcuts';
    const list = document.createElement('dl');
    for (const [keys, between, meaning] of SHORTCUTS.filter((shortcut) => shortcut[3]())) {
      const term = document.createElement('dt');
      keys.forEach((key, index) => {
        if (index > 0) term.append(` ${between} `);
        const kbd = document.createElement('kbd');
        kbd.textContent = key;
        term.append(kbd);
      });
      const description = document.createElement('dd');
      description.textContent = meaning;
      list.append(term, description);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => dialog.close());
    // A click on the backdrop lands on the dialog element itself.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.append(title, list, close);
    document.body.append(dialog);
    return dialog;
  }

  function showHelp() {
    help ??= buildHelp();
    if (!help.open) help.showModal();
  }

  const entryLinks = () => [...document.querySelectorAll('.entry-headline a')];

  // Moves the focus `step` entries along the list; returns false on pages without a list.
  function moveInList(step) {
    const links = entryLinks();
    if (links.length === 0) return false;
    const at = links.findIndex((link) => link.closest('.entry').contains(document.activeElement));
    const next = at < 0 ? 0 : Math.min(Math.max(at + step, 0), links.length - 1);
    links[next].focus({ preventScroll: true });
    links[next].closest('.entry').scrollIntoView({
      block: 'nearest',
      behavior: reducedMotion.matches ? 'auto' : 'smooth',
    });
    return true;
  }

  function openSelected() {
    const link = entryLinks().find((candidate) => candidate.closest('.entry').contains(document.activeElement));
    if (!link) return false;
    link.click();
    return true;
  }

  function follow(rel) {
    const link = document.querySelector(`a[rel~="${rel}"]`);
    if (!link) return false;
    link.click();
    return true;
  }

  function focusSearch() {
    const field = searchField();
    if (!field) return false;
    field.focus();
    field.select();
    return true;
  }

  const ACTIONS = {
    j: () => moveInList(1),
    k: () => moveInList(-1),
    o: openSelected,
    n: () => follow('next'),
    p: () => follow('prev'),
    '/': focusSearch,
    '?': () => {
      showHelp();
      return true;
    },
  };

  function isTyping(element) {
    return element instanceof HTMLElement &&
      (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || help?.open) return; // a dialog closes itself on Esc
    const action = ACTIONS[event.key];
    if (action && action()) event.preventDefault();
  }

  // ---- Reading places: { [permanent slug]: { paragraph: "p12", last: bool, at: ms } }.
  const READING_KEY = 'newsreader-reading';
  const READING_KEPT = 1000; // articles remembered; the oldest are forgotten first

  function readPlaces() {
    try {
      const places = JSON.parse(localStorage.getItem(READING_KEY) || '{}');
      return places && typeof places === 'object' && !Array.isArray(places) ? places : {};
    } catch {
      return {}; // storage blocked or unreadable: nothing was read
    }
  }

  function keepPlace(slug, place) {
    const places = readPlaces();
    places[slug] = { ...place, at: Date.now() };
    const slugs = Object.keys(places);
    if (slugs.length > READING_KEPT) {
      slugs.sort((a, b) => (places[a].at || 0) - (places[b].at || 0));
      for (const old of slugs.slice(0, slugs.length - READING_KEPT)) delete places[old];
    }
    try {
      localStorage.setItem(READING_KEY, JSON.stringify(places));
    } catch {
      // storage blocked or full: the place lasts until the page is left
    }
  }

  // The last paragraph with any part inside the viewport, or null.
  function lastParagraphInView(paragraphs) {
    let found = null;
    for (const paragraph of paragraphs) {
      const box = paragraph.getBoundingClientRect();
      if (box.top >= window.innerHeight) break;
      if (box.bottom > 0) found = paragraph;
    }
    return found;
  }

  function offerContinue(article, paragraph) {
    const offer = document.createElement('p');
    offer.className = 'continue-reading';
    const link = document.createElement('a');
    link.href = `#${paragraph.id}`;
    link.textContent = 'Continue reading';
    link.addEventListener('click', () => offer.remove());
    offer.append(link, ' where you left off');
    if (root.lang !== 'en') {
      offer.lang = 'en'; // the page's own English words, on an article in another language
      offer.dir = 'ltr';
    }
    article.querySelector('.article-header').after(offer);
  }

  function setUpReadingPlace() {
    const article = document.querySelector('article[data-permanent]');
    if (!article) return;
    const slug = article.dataset.permanent;
    const paragraphs = [...article.querySelectorAll('.body p[id]')];
    const kept = readPlaces()[slug];
    const back = kept && paragraphs.find((paragraph) => paragraph.id === kept.paragraph);
    // Worth offering: a place past the first paragraph, short of the end, with no #fragment asked for.
    if (back && back !== paragraphs[0] && !kept.last && !location.hash) offerContinue(article, back);
    keepPlace(slug, kept || { paragraph: null, last: false });
    let pending = false;
    const record = () => {
      pending = false;
      const paragraph = lastParagraphInView(paragraphs);
      if (paragraph) keepPlace(slug, { paragraph: paragraph.id, last: paragraph === paragraphs.at(-1) });
    };
    // Only the reader's own scrolling moves the place: opening the page at its top does not.
    window.addEventListener('scroll', () => {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(record);
      }
    }, { passive: true });
  }

  function markReadEntries() {
    const places = readPlaces();
    for (const entry of document.querySelectorAll('.entry[data-permanent]')) {
      if (!Object.hasOwn(places, entry.dataset.permanent)) continue;
      entry.classList.add('is-read');
      const meta = entry.querySelector('.meta');
      if (!meta || meta.querySelector('.read-mark')) continue;
      const mark = document.createElement('span');
      mark.className = 'read-mark';
      mark.textContent = 'Already read';
      meta.append(mark);
    }
  }

  function setUp() {
    setUpThemeToggle();
    const printUrl = document.querySelector('.print-url');
    if (printUrl) printUrl.textContent = location.origin + location.pathname;
    const helpButton = document.querySelector('.shortcuts-button');
    if (helpButton) {
      helpButton.addEventListener('click', showHelp);
      helpButton.hidden = false;
    }
    document.addEventListener('keydown', onKey);
    setUpReadingPlace();
    markReadEntries();
    // A list shown again from the back/forward cache marks what was read meanwhile.
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) markReadEntries();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
  else setUp();
})();
