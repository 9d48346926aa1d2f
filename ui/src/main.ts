/** Boots the UI: Element Plus styles, the router, and what to do when the session ends. */
import 'element-plus/dist/index.css';
import './styles/app.css';
import { createApp } from 'vue';
import App from './App.vue';
import { onSessionProblem } from './api/http';
import router from './router';
import { forget } from './session';

onSessionProblem({
  unauthenticated: () => {
    forget();
    const here = router.currentRoute.value;
    if (here.path !== '/login')
      void router.push({ path: '/login', query: { redirect: here.fullPath, expired: '1' } });
  },
  mustChangePassword: () => void router.push('/password'),
});

createApp(App).use(router).mount('#app');
