import type { HttpRoutes } from '../http/routes.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Scheduler } from '../scheduler.js';
import type { Router } from './router.js';

/** Everything a feature can listen to: Teams activities, timed jobs, plain HTTP GETs, and outbox deliveries. */
export type Listeners = { router: Router; scheduler: Scheduler; http: HttpRoutes; outbox: Outbox };
