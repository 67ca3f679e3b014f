import { BLOB_STORE, BlobStore, ListQuery } from '@llmchain/platform';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SampledTokenEstimator } from '../cleaning/token-estimator';
import { DatasetVersionWriter } from '../datasets/dataset-version-writer';
import { DatasetsRepository } from '../datasets/datasets.repository';
import { versionDocuments } from '../datasets/version-records';
import { Annotation, AnnotationProject, DatasetVersion } from '../generated/prisma/client';
import { AnnotationListQuery, CreateProject, ExportRequest, HandOut, LabelSchema, Review, Span, SubmitAnnotation } from './annotation.dto';
import { AnnotationRepository } from './annotation.repository';
import { ProjectAgreement, projectAgreement } from './project-agreement';
import { consensusCompletion, trainingRecord } from './training-records';

const EXPORT_PAGE = 200;

@Injectable()
export class AnnotationService {
  constructor(
    private readonly annotations: AnnotationRepository,
    private readonly datasets: DatasetsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** A project over the first `maxDocuments` documents of one of the tenant's dataset versions. */
  async createProject(tenantId: string, request: CreateProject): Promise<{ project: AnnotationProject; tasks: number }> {
    const source = await this.datasets.findVersion(tenantId, request.sourceVersionId);
    if (!source) throw new NotFoundException(`no dataset version ${request.sourceVersionId}`);
    const tasks: { documentId: string; text: string }[] = [];
    for await (const document of versionDocuments(this.blobs, source.manifestBlobKey)) {
      tasks.push(document);
      if (tasks.length >= request.maxDocuments) break;
    }
    if (tasks.length === 0) throw new BadRequestException(`dataset version ${source.id} has no documents to annotate`);
    const project = await this.annotations.createProject(
      {
        tenantId,
        name: request.name,
        sourceVersionId: source.id,
        labelSchema: request.labelSchema,
        overlap: request.overlap,
        instruction: request.instruction,
      },
      tasks,
    );
    return { project, tasks: tasks.length };
  }

  async project(tenantId: string, id: string): Promise<AnnotationProject> {
    const project = await this.annotations.findProject(tenantId, id);
    if (!project) throw new NotFoundException(`no annotation project ${id}`);
    return project;
  }

  listProjects(tenantId: string, query: ListQuery) {
    return this.annotations.listProjects(tenantId, query);
  }

  async projectWithProgress(tenantId: string, id: string) {
    const project = await this.project(tenantId, id);
    return { project, progress: await this.annotations.projectProgress(project.id) };
  }

  /** A project's annotations with their documents, oldest first, optionally only those awaiting review. */
  async listAnnotations(tenantId: string, projectId: string, { reviewStatus, ...query }: AnnotationListQuery) {
    const project = await this.project(tenantId, projectId);
    return this.annotations.listAnnotations(project.id, reviewStatus, query);
  }

  async handOut(tenantId: string, projectId: string, request: HandOut) {
    const project = await this.project(tenantId, projectId);
    const tasks = await this.annotations.handOut(project.id, request.annotator, project.overlap, request.count);
    return tasks.map((t) => ({ taskId: t.id, documentId: t.documentId, text: t.text }));
  }

  /** Checks the annotator holds the task and the labels fit the schema; a pending annotation may be replaced. */
  async submit(tenantId: string, projectId: string, request: SubmitAnnotation): Promise<Annotation> {
    const project = await this.project(tenantId, projectId);
    const schema = project.labelSchema as LabelSchema;
    const task = await this.annotations.findTask(project.id, request.taskId);
    if (!task) throw new NotFoundException(`no task ${request.taskId} in project ${project.id}`);
    if (!task.assignments.some((a) => a.annotator === request.annotator))
      throw new ConflictException(`task ${task.id} was not handed to ${request.annotator}: ask for tasks first`);
    this.checkLabels(schema, task.text, request.label ?? null, request.spans);

    const previous = task.annotations.find((a) => a.annotator === request.annotator);
    if (!previous)
      return this.annotations.createAnnotation({
        taskId: task.id,
        projectId: project.id,
        annotator: request.annotator,
        label: request.label ?? null,
        spans: request.spans,
      });
    if (previous.reviewStatus !== 'pending')
      throw new ConflictException(`annotation ${previous.id} was already ${previous.reviewStatus} and cannot change`);
    return this.annotations.replacePendingAnnotation(previous.id, request.label ?? null, request.spans);
  }

  async review(tenantId: string, annotationId: string, request: Review): Promise<Annotation> {
    const annotation = await this.annotations.findAnnotation(tenantId, annotationId);
    if (!annotation) throw new NotFoundException(`no annotation ${annotationId}`);
    if (annotation.annotator === request.reviewer) throw new ConflictException('annotators cannot review their own annotations');
    return this.annotations.review(annotation.id, request.reviewer, request.decision, request.comment ?? null);
  }

  async agreement(tenantId: string, projectId: string): Promise<ProjectAgreement> {
    const project = await this.project(tenantId, projectId);
    const annotations = await this.annotations.projectAnnotations(project.id);
    return projectAgreement(
      annotations.map((a) => ({ taskId: a.taskId, annotator: a.annotator, label: a.label, spans: a.spans as Span[] })),
      project.labelSchema as LabelSchema,
    );
  }

  /**
   * Approved annotations as a new dataset version of fine-tuning records, with lineage back to the source version.
   * Every task gets a decision: kept (exported) or removed because nothing of it was approved.
   */
  async export(tenantId: string, projectId: string, request: ExportRequest): Promise<DatasetVersion> {
    const project = await this.project(tenantId, projectId);
    const schema = project.labelSchema as LabelSchema;
    const versionId = randomUUID();
    const writer = new DatasetVersionWriter(this.blobs, `tenants/${tenantId}/dataset-versions/${versionId}`, request.format);
    const estimator = new SampledTokenEstimator();
    const labels: Record<string, number> = {};
    let tasks = 0;
    let exported = 0;
    let approvedAnnotations = 0;
    let tokens = 0;
    try {
      for (let after = -1; ; ) {
        const page = await this.annotations.tasksWithApproved(project.id, after, EXPORT_PAGE);
        if (page.length === 0) break;
        after = page[page.length - 1].ordinal;
        for (const task of page) {
          tasks++;
          if (task.annotations.length === 0) {
            await writer.addDecision({ documentId: task.documentId, status: 'removed', rule: 'no_approved_annotation', figure: 0 });
            continue;
          }
          approvedAnnotations += task.annotations.length;
          const completion = consensusCompletion(
            task.text,
            task.annotations.map((a) => ({ label: a.label, spans: a.spans as Span[], submittedAt: a.submittedAt })),
            schema,
          );
          if (schema.classes.length > 0) labels[completion] = (labels[completion] ?? 0) + 1;
          const record = trainingRecord(request.format, project.instruction, task.text, completion);
          const recordText = `${project.instruction}${task.text}${completion}`;
          tokens += estimator.estimate(recordText);
          await writer.addRecord(record, Buffer.byteLength(recordText));
          await writer.addDecision({ documentId: task.documentId, status: 'kept' });
          exported++;
        }
      }
      if (exported === 0) throw new ConflictException('no annotation of this project is approved yet: review some first');
      const { manifest, manifestBlob } = await writer.finish();
      const agreement = await this.agreement(tenantId, projectId);
      return await this.datasets.publishVersion(tenantId, request.datasetName, {
        id: versionId,
        tenantId,
        manifestBlobKey: manifestBlob.key,
        manifestSha256: manifestBlob.sha256,
        documents: exported,
        bytes: BigInt(manifest.bytes),
        estimatedTokens: BigInt(Math.round(tokens)),
        lineage: {
          sourceVersionId: project.sourceVersionId,
          annotationProjectId: project.id,
          format: request.format,
          labelSchema: schema,
          approvedAnnotations,
        },
        report: { documentsIn: tasks, documentsOut: exported, labels, agreement },
      });
    } catch (error) {
      await writer.abort().catch(() => undefined);
      throw error;
    }
  }

  private checkLabels(schema: LabelSchema, text: string, label: string | null, spans: Span[]): void {
    const problems: string[] = [];
    if (schema.classes.length > 0 && label === null) problems.push(`label: choose one of ${schema.classes.join(', ')}`);
    if (label !== null && !schema.classes.includes(label))
      problems.push(`label: "${label}" is not a class of this project (${schema.classes.join(', ') || 'it has none'})`);
    spans.forEach((span, i) => {
      if (!schema.spanLabels.includes(span.label))
        problems.push(`spans.${i}.label: "${span.label}" is not a span label of this project (${schema.spanLabels.join(', ') || 'it has none'})`);
      if (span.end <= span.start || span.end > text.length)
        problems.push(`spans.${i}: start must be before end and end at most ${text.length} (the text's length)`);
    });
    if (problems.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: problems });
  }
}
