import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import NotFoundView from './views/NotFoundView.vue';
import StatusView from './views/StatusView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
  }
}

/** Builds the app's router; tests pass `createMemoryHistory()`. */
export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/', name: 'status', component: StatusView, meta: { title: 'System status' } },
      { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'Page not found' } },
    ],
  });
  // Screen-reader and tab-strip users rely on the document title to know where a navigation landed.
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Drumbeat` : 'Drumbeat';
  });
  return router;
}
