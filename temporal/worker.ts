import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

export interface DrumbeatWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (`npm run build`, or ensureFreshWorkflowBundle): workers never bundle at start. */
  workflowBundlePath: string;
  activityDeps: ActivityDeps;
  /** How long in-flight activities get to finish on shutdown before they are cancelled. */
  shutdownGraceMs: number;
  identity?: string;
}

/** A worker with the connection it owns. */
export interface DrumbeatWorker {
  worker: Worker;
  connection: NativeConnection;
}

/** Creates (but does not run) a worker for Drumbeat's workflows and activities on one task queue. */
export async function createDrumbeatWorker(options: DrumbeatWorkerOptions): Promise<DrumbeatWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      workflowBundle: { codePath: options.workflowBundlePath },
      activities: createActivities(options.activityDeps),
      shutdownGraceTime: options.shutdownGraceMs,
      ...(options.identity ? { identity: options.identity } : {}),
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
