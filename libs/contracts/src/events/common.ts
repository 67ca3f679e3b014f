import { z } from 'zod';

export const id = z.string().min(1).max(128);
export const tenantId = id;
export const tokenCount = z.number().int().nonnegative();
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
export const blobKey = z.string().min(1).max(1024);
export const serviceName = z.enum(['data-service', 'training-service', 'serving-service', 'billing-service']);
