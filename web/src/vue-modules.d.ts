// Types .vue imports for tools that read TypeScript without Vue's language plugin (ESLint's type
// checker); vue-tsc resolves the real component types and does not rely on this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
