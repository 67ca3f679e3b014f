// By path, not @llmchain/platform: the Prisma CLI loads this file without the workspace's path mapping.
import { servicePrismaConfig } from '../../libs/platform/src/database/service-prisma-config';

export default servicePrismaConfig();
