import type { HttpRoutes } from '../http/routes.js';
import type { Scheduler } from '../scheduler.js';
import type { Router } from './router.js';

/** Everything a feature can listen to: Teams activities, timed jobs, and plain HTTP GETs. */
export type Listeners = { router: Router; scheduler: Scheduler; http: HttpRoutes };
