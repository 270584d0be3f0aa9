import type { PageContext } from '../context.js';
import { OfficeLayout } from '../layouts/OfficeLayout.js';
import { PortalLayout } from '../layouts/PortalLayout.js';

const HEADINGS: Record<number, string> = {
  400: '请求有误',
  401: '需要登录',
  403: '没有权限',
  404: '页面不存在',
  409: '操作冲突',
  413: '文件过大',
  415: '文件类型不受支持',
  423: '账号已锁定',
  429: '操作过于频繁',
  500: '服务器出错了',
};

export function ErrorPage(p: { ctx: PageContext; status: number; message: string; office: boolean; siteName: string }) {
  const heading = HEADINGS[p.status] ?? '出错了';
  const body = (
    <section class="error-page">
      <h1>{heading}</h1>
      <p>{p.message}</p>
      <p>
        <a href={p.office ? '/office' : '/'}>返回首页</a>
      </p>
    </section>
  );
  return p.office ? (
    <OfficeLayout ctx={p.ctx} title={heading}>
      {body}
    </OfficeLayout>
  ) : (
    <PortalLayout ctx={p.ctx} siteName={p.siteName} title={heading}>
      {body}
    </PortalLayout>
  );
}
