/**
 * Pages and who may open them. Every page is its own lazy chunk, so bpmn-js and ECharts load only
 * with the pages that draw. The guard mirrors the API's rules for navigation only; the API stays
 * the authority (a denied call shows the server's zh-CN reason).
 */
import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { can, probe, state } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    /** Pages outside the shell (sign-in). */
    bare?: boolean;
    /** Who may open the page (a key of `can`). */
    allow?: keyof typeof can;
  }
}

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('./views/LoginView.vue'), meta: { title: '登录', bare: true } },
    {
      path: '/password',
      component: () => import('./views/PasswordView.vue'),
      meta: { title: '修改密码', bare: true },
    },
    { path: '/', redirect: () => (state.user?.role === 'admin' ? '/admin/users' : '/inbox') },
    {
      path: '/inbox',
      component: () => import('./views/tasks/InboxView.vue'),
      meta: { title: '我的待办', allow: 'readCases' },
    },
    {
      path: '/tasks/:key',
      component: () => import('./views/tasks/TaskView.vue'),
      meta: { title: '办理', allow: 'readCases' },
    },
    {
      path: '/applications/new',
      component: () => import('./views/cases/NewApplicationView.vue'),
      meta: { title: '新建申请', allow: 'register' },
    },
    {
      path: '/cases',
      component: () => import('./views/cases/CasesView.vue'),
      meta: { title: '案件查询', allow: 'readCases' },
    },
    {
      path: '/cases/:id',
      component: () => import('./views/cases/CaseDetailView.vue'),
      meta: { title: '案件详情', allow: 'readCases' },
    },
    {
      path: '/escalations',
      component: () => import('./views/EscalationsView.vue'),
      meta: { title: '区县升级队列', allow: 'escalations' },
    },
    {
      path: '/archive',
      component: () => import('./views/archive/ArchiveView.vue'),
      meta: { title: '档案', allow: 'archive' },
    },
    {
      path: '/archive/:householdId',
      component: () => import('./views/archive/HouseholdFileView.vue'),
      meta: { title: '户档案', allow: 'archive' },
    },
    {
      path: '/disbursements',
      component: () => import('./views/DisbursementView.vue'),
      meta: { title: '救助金发放', allow: 'disburse' },
    },
    {
      path: '/dashboard',
      component: () => import('./views/dashboard/DashboardView.vue'),
      meta: { title: '统计分析', allow: 'readCases' },
    },
    {
      path: '/admin/users',
      component: () => import('./views/admin/UsersView.vue'),
      meta: { title: '用户管理', allow: 'admin' },
    },
    {
      path: '/:rest(.*)*',
      component: () => import('./views/NotFoundView.vue'),
      meta: { title: '页面不存在' },
    },
  ],
});

function loginWith(to: RouteLocationNormalized) {
  return { path: '/login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
}

router.beforeEach(async (to) => {
  if (!state.probed) await probe();
  const user = state.user;
  if (to.path === '/login') return user && !user.mustChangePassword ? '/' : true;
  if (!user) return loginWith(to);
  if (user.mustChangePassword && to.path !== '/password') return { path: '/password' };
  if (to.meta.allow && !can[to.meta.allow]()) return { path: '/', replace: true };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - 救助帮扶审批` : '救助帮扶审批';
});

export default router;
