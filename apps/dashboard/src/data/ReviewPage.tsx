import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { QueuedAnnotation } from '../api/data';
import { useCursorList } from '../components/cursor-list';
import { EmptyState, ErrorMessage, Loaded } from '../components/feedback';
import { TextArea, TextField } from '../components/fields';
import { useTenantSession } from '../session/session';
import { DocumentWithSpans } from './DocumentWithSpans';
import { useDataApi } from './use-data-api';

/** Pending annotations, oldest first: approve, or reject with a comment saying what to fix. */
export function ReviewPage() {
  const { projectId = '' } = useParams();
  const api = useDataApi();
  const { email } = useTenantSession();
  const [reviewer, setReviewer] = useState(email);
  const [generation, setGeneration] = useState(0);
  const { resource, pager } = useCursorList((limit, after) => api.annotations(projectId, 'pending', limit, after), [api, projectId, generation], 5);
  return (
    <>
      <p>
        <Link to={`/annotation/${projectId}`}>← Project overview</Link>
      </p>
      <h1>Review queue</h1>
      <div className="card">
        <TextField label="Reviewing as" value={reviewer} onChange={(e) => setReviewer(e.target.value)} hint="You cannot review annotations made under this name." />
      </div>
      <Loaded resource={resource} what="annotations awaiting review">
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title="Nothing awaits review">
              Annotations appear here as annotators submit them. <Link to={`/annotation/${projectId}/label`}>Label documents</Link> or{' '}
              <Link to={`/annotation/${projectId}`}>export what is approved</Link>.
            </EmptyState>
          ) : (
            <>
              {page.data.map((a) => (
                <ReviewItem key={a.id} annotation={a} reviewer={reviewer} onReviewed={() => setGeneration((g) => g + 1)} />
              ))}
              {pager}
            </>
          )
        }
      </Loaded>
    </>
  );
}

function ReviewItem({ annotation, reviewer, onReviewed }: { annotation: QueuedAnnotation; reviewer: string; onReviewed: () => void }) {
  const api = useDataApi();
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const decide = async (decision: 'approved' | 'rejected') => {
    if (decision === 'rejected' && !comment.trim()) return setProblem('Say what to fix: a rejection needs a comment');
    setProblem(undefined);
    setError(null);
    try {
      await api.review(annotation.id, { reviewer, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      onReviewed();
    } catch (caught) {
      setError(caught);
    }
  };
  const heading = `review-${annotation.id}`;
  return (
    <section className="card" aria-labelledby={heading}>
      <h2 id={heading}>
        {annotation.annotator} labelled document {annotation.documentId}
        {annotation.label ? ` as “${annotation.label}”` : ''}
      </h2>
      <DocumentWithSpans text={annotation.text} spans={annotation.spans} label={`Document ${annotation.documentId}`} />
      <TextArea label="Comment (needed to reject)" value={comment} onChange={(e) => setComment(e.target.value)} error={problem} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void decide('approved')}>
          Approve
        </button>
        <button type="button" className="danger" onClick={() => void decide('rejected')}>
          Reject
        </button>
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
