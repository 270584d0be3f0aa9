import { bulletinLinks } from '../bulletin.http.js';

/**
 * The line a public page shows for its bulletin notice (公示栏): the print view in
 * A4 and A3, and the PDF. `label` names what is printed when a page offers several
 * notices (a project's stages); it is also read out inside each link, so a link
 * makes sense on its own.
 */
export function BulletinLinks({ pagePath, label }: { pagePath: string; label?: string }) {
  const l = bulletinLinks(pagePath);
  const hidden = label ? <span class="visually-hidden">{label}</span> : null;
  return (
    <p class="bulletin-links">
      {label ? `${label}：` : '公示栏张贴：'}
      <a href={l.a4}>
        {hidden}A4 打印版
      </a>
      {'　'}
      <a href={l.a3}>
        {hidden}A3 打印版
      </a>
      {'　'}
      <a href={l.pdf}>
        {hidden}PDF 文件
      </a>
    </p>
  );
}
