import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * The main content of an HTML page as text: Mozilla's Readability (Firefox Reader View) drops navigation, headers,
 * footers, scripts and styles; linkedom gives it a DOM without a browser. Null when Readability finds no article.
 * Synchronous work: callers bound the HTML's size, which is what bounds its time.
 */
export function htmlMainContent(html: string, url: string): { title: string | null; text: string } | null {
  const { document } = parseHTML(html);
  (document as unknown as { documentURI: string }).documentURI ??= url;
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 50 }).parse();
  const text = article?.textContent ? tidyText(article.textContent) : '';
  if (!article || text === '') return null;
  return { title: article.title ?? null, text };
}

/** Readability's textContent keeps the markup's whitespace: collapse runs of spaces and of blank lines. */
function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The charset a Content-Type header names, when TextDecoder knows it; UTF-8 otherwise. */
export function decodeHtml(bytes: Uint8Array, contentType: string | null | undefined): string {
  const label = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export function isHtml(contentType: string | null | undefined): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType ?? '');
}
