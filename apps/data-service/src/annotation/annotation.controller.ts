import { ApiKeyGuard, RequireApiKeyScope, ZodValidationPipe, TenantId, ListQuery, listPage, listQuerySchema } from '@llmchain/platform';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { Annotation, AnnotationProject } from '../generated/prisma/client';
import {
  AnnotationListQuery,
  annotationListQuerySchema,
  CreateProject,
  createProjectSchema,
  ExportRequest,
  exportSchema,
  HandOut,
  handOutSchema,
  LabelSchema,
  Review,
  reviewSchema,
  ReviewStatus,
  Span,
  SubmitAnnotation,
  submitAnnotationSchema,
} from './annotation.dto';
import { AnnotationExportWire, AnnotationProjectWire, AnnotationWire } from './annotation.schemas';
import { AnnotationService } from './annotation.service';

function projectView(p: AnnotationProject) {
  return {
    id: p.id,
    name: p.name,
    sourceVersionId: p.sourceVersionId,
    labelSchema: p.labelSchema as LabelSchema,
    overlap: p.overlap,
    instruction: p.instruction,
    createdAt: p.createdAt.toISOString(),
  } satisfies AnnotationProjectWire;
}

function annotationView(a: Annotation) {
  return {
    id: a.id,
    taskId: a.taskId,
    annotator: a.annotator,
    label: a.label,
    spans: a.spans as Span[],
    reviewStatus: a.reviewStatus as ReviewStatus,
    reviewer: a.reviewer,
    reviewComment: a.reviewComment,
    submittedAt: a.submittedAt.toISOString(),
  } satisfies AnnotationWire;
}

@Controller()
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class AnnotationController {
  constructor(private readonly annotation: AnnotationService) {}

  @Post('annotation-projects')
  async create(@TenantId() tenantId: string, @Body(new ZodValidationPipe(createProjectSchema)) body: CreateProject) {
    const { project, tasks } = await this.annotation.createProject(tenantId, body);
    return { ...projectView(project), tasks };
  }

  /** The tenant's projects, newest first: `?limit=` (1–100, default 20), `?after=<id>`. */
  @Get('annotation-projects')
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.annotation.listProjects(tenantId, query), query.limit, ({ _count, ...project }) => ({
      ...projectView(project),
      tasks: _count.tasks,
    }));
  }

  /** The project with its progress: tasks, and annotations pending, approved and rejected. */
  @Get('annotation-projects/:id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const { project, progress } = await this.annotation.projectWithProgress(tenantId, id);
    return { ...projectView(project), ...progress };
  }

  /** Annotations with their documents, oldest first; `?reviewStatus=pending` is the review queue. */
  @Get('annotation-projects/:id/annotations')
  async annotations(
    @TenantId() tenantId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodValidationPipe(annotationListQuerySchema)) query: AnnotationListQuery,
  ) {
    return listPage(await this.annotation.listAnnotations(tenantId, id, query), query.limit, ({ task, ...annotation }) => ({
      ...annotationView(annotation),
      documentId: task.documentId,
      text: task.text,
    }));
  }

  /** Tasks for one annotator: the ones they still hold, topped up with new ones. */
  @Post('annotation-projects/:id/hand-outs')
  @HttpCode(200)
  handOut(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(handOutSchema)) body: HandOut) {
    return this.annotation.handOut(tenantId, id, body);
  }

  @Post('annotation-projects/:id/annotations')
  async submit(
    @TenantId() tenantId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodValidationPipe(submitAnnotationSchema)) body: SubmitAnnotation,
  ) {
    return annotationView(await this.annotation.submit(tenantId, id, body));
  }

  @Post('annotations/:id/review')
  @HttpCode(200)
  async review(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(reviewSchema)) body: Review) {
    return annotationView(await this.annotation.review(tenantId, id, body));
  }

  @Get('annotation-projects/:id/agreement')
  agreement(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.annotation.agreement(tenantId, id);
  }

  /** Approved annotations as a new dataset version of fine-tuning records (prompt/completion or chat). */
  @Post('annotation-projects/:id/exports')
  async export(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string, @Body(new ZodValidationPipe(exportSchema)) body: ExportRequest) {
    const version = await this.annotation.export(tenantId, id, body);
    return { datasetVersionId: version.id, datasetId: version.datasetId, version: version.version, documents: version.documents } satisfies AnnotationExportWire;
  }
}
