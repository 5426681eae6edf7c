import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import type { Permission } from '../../domain/auth/access';
import { authGuard } from './authGuard';
import ForbiddenView from './views/ForbiddenView.vue';
import NotFoundView from './views/NotFoundView.vue';
import SignInView from './views/SignInView.vue';
import StatusView from './views/StatusView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Label in the main navigation; routes without one are not listed there. */
    nav?: string;
    /** What the user must be allowed to do to open the page; its nav link is hidden from everyone else. */
    permission?: Permission;
    /** Only for people who are not signed in (the sign-in page); every other route needs a session. */
    guestOnly?: boolean;
  }
}

/** One link of the main navigation. */
export interface NavEntry {
  path: string;
  label: string;
  permission?: Permission;
}

/** Builds the app's router; tests pass `createMemoryHistory()`. */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes: [
      {
        path: '/',
        name: 'status',
        component: StatusView,
        meta: { title: 'System status', nav: 'Status', permission: 'system:read' },
      },
      { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { title: 'Sign in', guestOnly: true } },
      { path: '/forbidden', name: 'forbidden', component: ForbiddenView, meta: { title: 'Not allowed' } },
      { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'Page not found' } },
    ],
  });
  router.beforeEach(authGuard);
  // Screen-reader and tab-strip users rely on the document title to know where a navigation landed.
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Drumbeat` : 'Drumbeat';
  });
  return router;
}

/** The main navigation's links, in the order their routes are declared. */
export function navEntries(router: Router): NavEntry[] {
  return router.options.routes.flatMap((route) =>
    route.meta?.nav ? [{ path: route.path, label: route.meta.nav, permission: route.meta.permission }] : [],
  );
}
