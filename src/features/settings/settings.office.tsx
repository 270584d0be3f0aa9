import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { optionalText, parseInput, text } from '../../lib/validation.js';
import { Csrf, ErrorSummary, Field, Select } from '../../web/components/forms.js';
import type { PageContext } from '../../web/context.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { OfficeLayout } from '../../web/layouts/OfficeLayout.js';
import { runtimeOf } from '../../db/runtime.js';
import { getSettings, setSettings, SETTINGS, type SettingKey, type Settings } from './settings.js';

/** A personal-data retention period in days (absent: left as it is). */
const retentionDays = () =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, '请填写天数')
    .refine((v) => Number(v) >= 30 && Number(v) <= 3650, '保存期限应在 30 至 3650 天之间')
    .optional();

const settingsInput = z.object({
  siteName: text(60, { required: true }),
  siteShortName: text(30, { required: true }),
  siteIdCode: optionalText(10).refine((v) => v === '' || /^[0-9A-Za-z]{10}$/.test(v), '政府网站标识码应为 10 位字母或数字'),
  icp: optionalText(60),
  hostedBy: optionalText(60),
  undertakenBy: optionalText(60),
  psbRecord: optionalText(60).refine((v) => v === '' || /\d{10,}/.test(v), '公安机关备案号应含备案编号（至少 10 位数字）'),
  conacUrl: optionalText(300).refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), '请填写以 https:// 开头的网址'),
  contactPhone: optionalText(40),
  contactEmail: optionalText(100),
  // Absent (an older form, a client that sets only the site's name): left as they are.
  requestFeePausesClock: z.enum(['1', '0'], { message: '请选择是否暂停' }).optional(),
  requestRetentionDays: retentionDays(),
  mailboxRetentionDays: retentionDays(),
  townshipReportDue: z.enum(['department', 'government'], { message: '请选择公布期限' }).optional(),
});

function SettingsPage(p: { ctx: PageContext; values: Partial<Record<SettingKey, string>>; errors?: Record<string, string>; message?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="平台设置">
      <h1>平台设置</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action="/office/settings" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        {(Object.keys(SETTINGS) as SettingKey[]).map((k) =>
          k === 'requestFeePausesClock' ? (
            <Select
              key={k}
              name={k}
              label={SETTINGS[k].label}
              value={p.values[k]}
              errors={p.errors}
              options={[
                { value: '1', label: '暂停（缴费期间不计入答复期限，最长20个工作日）' },
                { value: '0', label: '不暂停（缴费期间照常计算）' },
              ]}
            />
          ) : k === 'townshipReportDue' ? (
            <Select
              key={k}
              name={k}
              label={SETTINGS[k].label}
              hint="条例第四十九条规定了县级以上人民政府部门（1月31日前）和县级以上地方人民政府（3月31日前）的期限，未规定乡镇（街道），由本平台选定。"
              value={p.values[k]}
              errors={p.errors}
              options={[
                { value: 'department', label: '每年1月31日前（同政府部门）' },
                { value: 'government', label: '每年3月31日前（同县级以上地方人民政府）' },
              ]}
            />
          ) : (
            <Field key={k} name={k} label={SETTINGS[k].label} value={p.values[k]} errors={p.errors} required={k === 'siteName' || k === 'siteShortName'} />
          ),
        )}
        <button type="submit">保存</button>
      </form>
    </OfficeLayout>
  );
}

export async function settingsOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  app.get('/office/settings', { config: { access: 'settings.manage' } }, async (req, reply) =>
    reply.page(SettingsPage({ ctx: pageContext(req, reply), values: await getSettings(db) })),
  );
  app.post('/office/settings', { config: { access: 'settings.manage' } }, async (req, reply) => {
    const body = formValues(req.body);
    try {
      // Settings other features read are validated by their own rules (registry `settingsInput`).
      const values = parseInput(settingsInput.extend(runtimeOf(db).registry.settingsInput), body) as Partial<Settings>;
      await setSettings(db, req.actor!, values);
      return redirectWithFlash(reply, '/office/settings', '平台设置已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(SettingsPage({ ctx: pageContext(req, reply), values: body, errors: f.errors, message: f.message }), f.status);
    }
  });
}
