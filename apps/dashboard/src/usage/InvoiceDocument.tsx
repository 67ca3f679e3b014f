import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/feedback';
import { send } from '../api/http';

/**
 * The invoice as billing renders it. The HTML and PDF routes need the Authorization header, which an iframe src or
 * a link cannot send: the page fetches both, shows the HTML in a sandboxed frame and offers the PDF as a download.
 */
export function InvoiceDocument({ token, path, number }: { token: string; path: string; number: number }) {
  const [html, setHtml] = useState<string | null>(null);
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    setError(null);
    Promise.all([send('billing', `${path}/html`, { token }).then((r) => r.text()), send('billing', `${path}/pdf`, { token }).then((r) => r.blob())]).then(
      ([text, pdf]) => {
        if (cancelled) return;
        url = URL.createObjectURL(pdf);
        setHtml(text);
        setPdfUrl(url);
      },
      (caught: unknown) => !cancelled && setError(caught),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [token, path]);
  return (
    <>
      <ErrorMessage error={error} />
      {pdfUrl && (
        <p>
          <a href={pdfUrl} download={`invoice-${number}.pdf`}>
            Download invoice {number} as PDF
          </a>
        </p>
      )}
      {html && <iframe className="invoice" title={`Invoice ${number}`} sandbox="" srcDoc={html} />}
    </>
  );
}
