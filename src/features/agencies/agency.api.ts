import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { intField } from '../../lib/validation.js';
import { parseInput } from '../../lib/validation.js';
import { AGENCY_ROLES } from '../access/roles.js';
import { AGENCY_LEVELS, agencyInput, agencyUpdateInput, departmentInput, GUIDE_KEYS, guideInput, type AgencyLevel, type GuideKey } from './agency.js';
import type { DepartmentRow } from './agency.table.js';
import * as service from './agency.service.js';
import type { AgencyWithDepartments } from './agency.service.js';

const idParam = z.object({ id: intField('编号') });

/** A 内设机构, alone or in its agency's list. */
export function presentDepartment(d: DepartmentRow) {
  return { id: d.id, name: d.name, duties: d.duties, phone: d.phone };
}

/** The public JSON shape of an agency. */
export function presentAgency(a: AgencyWithDepartments, publicUrl: string) {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    shortName: a.shortName,
    slug: a.slug,
    level: a.level,
    budgetUnit: a.budgetUnit === 1,
    siteIdCode: a.siteIdCode,
    address: a.address,
    postcode: a.postcode,
    officeHours: a.officeHours,
    phone: a.phone,
    fax: a.fax,
    email: a.email,
    website: a.website,
    supervisionPhone: a.supervisionPhone,
    functions: a.functions,
    headName: a.headName,
    url: `${publicUrl}/${a.slug}`,
    departments: a.departments.map(presentDepartment),
    guide: a.guidePublished,
    guidePublishedAt: a.guidePublishedAt,
    version: a.version,
    updatedAt: a.updatedAt,
  };
}

const departmentShape = z.object({ id: z.number().int(), name: z.string(), duties: z.string(), phone: z.string() });
const guideShape = z.object(Object.fromEntries(GUIDE_KEYS.map((k) => [k, z.string()])) as Record<GuideKey, z.ZodString>);
const agencyShape = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  slug: z.string(),
  level: z.enum(Object.keys(AGENCY_LEVELS) as [AgencyLevel, ...AgencyLevel[]]),
  budgetUnit: z.boolean().describe('预算单位：须公开部门预算、决算（财政预算、决算栏目不可隐藏）'),
  siteIdCode: z.string().nullable(),
  address: z.string(),
  postcode: z.string(),
  officeHours: z.string(),
  phone: z.string(),
  fax: z.string(),
  email: z.string(),
  website: z.string(),
  supervisionPhone: z.string(),
  functions: z.string(),
  headName: z.string(),
  url: z.string(),
  departments: z.array(departmentShape),
  guide: guideShape.nullable().describe('已发布的政府信息公开指南；未发布为 null'),
  guidePublishedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

const meShape = z.object({
  id: z.number().int().nullable(),
  username: z.string(),
  displayName: z.string(),
  platformAdmin: z.boolean(),
  memberships: z.array(z.object({ agencyId: z.number().int(), role: z.enum(Object.keys(AGENCY_ROLES) as [string, ...string[]]), departmentId: z.number().int().nullable() })),
  via: z.enum(['session', 'token', 'cli', 'system']),
});

export async function agencyApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get(
    '/api/v1/agencies',
    { config: { access: 'public', doc: { summary: '机关列表（含内设机构）', tags: ['机关'], response: z.object({ items: z.array(agencyShape) }) } } },
    async () => ({ items: (await service.listAgenciesWithDepartments(db)).map((a) => presentAgency(a, config.publicUrl)) }),
  );

  app.get(
    '/api/v1/agencies/:id',
    { config: { access: 'public', doc: { summary: '机关详情（含已发布的公开指南）', tags: ['机关'], response: agencyShape } } },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentAgency(await service.getAgency(db, id), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/agencies',
    { config: { access: 'agency.create', doc: { summary: '新增机关', tags: ['机关'], body: agencyInput, status: 201, response: agencyShape } } },
    async (req, reply) => {
      const created = await service.createAgency(db, req.actor!, req.body);
      return reply.code(201).send(presentAgency(await service.getAgency(db, created.id), config.publicUrl));
    },
  );

  app.patch(
    '/api/v1/agencies/:id',
    {
      config: {
        access: 'agency.update',
        doc: { summary: '修改机关信息（须带 version，防止覆盖他人修改）', tags: ['机关'], body: agencyUpdateInput, response: agencyShape },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      await service.updateAgency(db, req.actor!, id, req.body);
      return presentAgency(await service.getAgency(db, id), config.publicUrl);
    },
  );

  app.put(
    '/api/v1/agencies/:id/guide',
    {
      config: {
        access: 'agency.guide.edit',
        doc: {
          summary: '保存并可选发布政府信息公开指南（publish=true 时所有必填项须已填写）',
          tags: ['机关'],
          body: guideInput.extend({ publish: z.boolean().optional(), version: z.number().int() }),
          response: agencyShape,
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { version, publish } = parseInput(z.object({ version: intField('版本'), publish: z.boolean().optional() }), body);
      await service.saveGuide(db, req.actor!, id, body, { publish: publish ?? false, version });
      return presentAgency(await service.getAgency(db, id), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/agencies/:id/departments',
    { config: { access: 'department.manage', doc: { summary: '新增内设机构（股室）', tags: ['机关'], body: departmentInput, status: 201, response: departmentShape } } },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      return reply.code(201).send(presentDepartment(await service.addDepartment(db, req.actor!, id, req.body)));
    },
  );

  app.patch(
    '/api/v1/departments/:id',
    { config: { access: 'department.manage', doc: { summary: '修改内设机构', tags: ['机关'], body: departmentInput, response: departmentShape } } },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentDepartment(await service.updateDepartment(db, req.actor!, id, req.body));
    },
  );

  app.delete(
    '/api/v1/departments/:id',
    { config: { access: 'department.manage', doc: { summary: '删除内设机构（仍有人员时不可删除）', tags: ['机关'], status: 204 } } },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      await service.removeDepartment(db, req.actor!, id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    { config: { access: 'authenticated', doc: { summary: '当前身份与角色', tags: ['账号'], response: meShape } } },
    async (req) => {
      const a = req.actor;
      if (!a) throw notFound();
      return { id: a.userId, username: a.username, displayName: a.displayName, platformAdmin: a.platformAdmin, memberships: a.memberships, via: a.via };
    },
  );
}
