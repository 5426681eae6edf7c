import { readinessSchema, systemInfoSchema, type Readiness, type ServiceCheck, type ServiceName, type SystemInfo } from '../../../domain/system';
import { createApiClient, type ApiClient } from './client';

export { readinessSchema, systemInfoSchema };
export type { Readiness, ServiceCheck, ServiceName, SystemInfo };

/** The system endpoints as the store sees them, so tests can swap the transport. */
export interface SystemApi {
  fetchReadiness(): Promise<Readiness>;
  fetchSystemInfo(): Promise<SystemInfo>;
}

/** Reads service health; a 503 means "some service is down" and is returned as data. */
export function fetchReadiness(client: ApiClient = createApiClient()): Promise<Readiness> {
  return client.getJson('/readyz', (body) => readinessSchema.parse(body), { acceptStatuses: [503] });
}

/** Reads the server's name, version and the links the web app shows. */
export function fetchSystemInfo(client: ApiClient = createApiClient()): Promise<SystemInfo> {
  return client.getJson('/api/system', (body) => systemInfoSchema.parse(body));
}

/** Binds the system endpoints to one client. */
export function createSystemApi(client: ApiClient = createApiClient()): SystemApi {
  return {
    fetchReadiness: () => fetchReadiness(client),
    fetchSystemInfo: () => fetchSystemInfo(client),
  };
}
