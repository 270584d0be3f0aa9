import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { orgCodeCheckChar, usccCheckChar } from '../lib/codes.js';
import { hashPassword } from '../features/accounts/password.js';
import type { AgencyRole } from '../features/access/roles.js';
import { SYSTEM_ACTOR } from '../features/access/roles.js';
import * as audit from '../features/audit/audit.service.js';
import { defaultGuide, type GuideFields } from '../features/agencies/agency.js';
import { nowOf } from '../db/runtime.js';
import { sealPersonal } from '../db/personal-data/fields.js';
import { TOTP_SECRET_FIELD } from '../features/accounts/account.totp.js';

/** The demo's TOTP key (public, like its password): add it once to an authenticator app, or `oathtool --totp -b KEY`. */
export const DEMO_TOTP_SECRET = 'GONGKAIDEMOTOTPKEYPUBLICXXXXXXXX';

export const DEMO_PASSWORD = 'demo-password';

/** A valid 统一社会信用代码 for a fictional 机关 (registration 1, type 1) in region 449900. */
function demoUscc(serial: number): string {
  const body = `D${String(serial).padStart(7, '0')}`;
  const org = body + orgCodeCheckChar(body)!;
  const first17 = `11449900${org}`;
  return first17 + usccCheckChar(first17)!;
}

interface DemoAgency {
  slug: string;
  name: string;
  shortName: string;
  level: 'government' | 'department' | 'township';
  userPrefix: string;
  departments: [string, string][];
  functions: string;
  address: string;
  phone: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    slug: 'fgj',
    name: '示例市发展和改革局',
    shortName: '市发展改革局',
    level: 'department',
    userPrefix: 'demo',
    address: '示例市人民路 88 号市行政中心 5 楼',
    phone: '0763-3210001',
    functions:
      '贯彻执行国家、省有关国民经济和社会发展的方针政策，拟订并组织实施全市国民经济和社会发展战略、中长期规划和年度计划。\n负责全市固定资产投资综合管理，审批、核准、备案重大建设项目，统筹安排政府投资。\n负责价格管理和行政事业性收费管理工作，组织实施价格调控。\n推进经济结构战略性调整和重大项目建设，协调能源发展和节能工作。',
    departments: [
      ['办公室', '负责机关日常运转、文电、政务公开、保密、档案和信访工作。'],
      ['发展规划科', '拟订国民经济和社会发展中长期规划和年度计划。'],
      ['投资科', '负责固定资产投资项目审批、核准、备案和重大项目管理。'],
      ['价格科', '负责价格调控、定价目录和行政事业性收费管理。'],
      ['产业发展科', '推进产业结构调整，协调重点产业发展。'],
      ['能源科', '负责能源发展规划和节能审查工作。'],
    ],
  },
  {
    slug: 'czj',
    name: '示例市财政局',
    shortName: '市财政局',
    level: 'department',
    userPrefix: 'czj',
    address: '示例市人民路 88 号市行政中心 6 楼',
    phone: '0763-3210002',
    functions: '负责全市财政收支、财政政策、预算编制和执行、国库管理、政府采购监督管理等工作。',
    departments: [
      ['办公室', '负责机关日常运转、政务公开和财务工作。'],
      ['预算科', '编制年度预决算草案，组织预算执行。'],
      ['国库科', '负责国库集中收付和财政资金调度。'],
      ['政府采购监督管理科', '监督管理政府采购活动。'],
    ],
  },
  {
    slug: 'sthjj',
    name: '示例市生态环境局',
    shortName: '市生态环境局',
    level: 'department',
    userPrefix: 'sthjj',
    address: '示例市滨江路 16 号',
    phone: '0763-3210003',
    functions: '负责全市生态环境监督管理，组织实施环境影响评价、排污许可和生态环境执法。',
    departments: [
      ['办公室', '负责机关日常运转和政务公开工作。'],
      ['环境影响评价科', '负责建设项目环境影响评价审批。'],
      ['执法监督科', '组织开展生态环境执法检查。'],
    ],
  },
  {
    slug: 'zfb',
    name: '示例市人民政府办公室',
    shortName: '市政府办',
    level: 'government',
    userPrefix: 'zfb',
    address: '示例市人民路 88 号市行政中心 1 楼',
    phone: '0763-3210000',
    functions: '协助市政府领导处理市政府日常工作，负责全市政务公开工作的组织协调和监督指导。',
    departments: [
      ['综合科', '负责文电处理和会务工作。'],
      ['政务公开科', '指导、协调、监督全市政府信息公开工作。'],
    ],
  },
  {
    slug: 'bhz',
    name: '示例市滨河镇人民政府',
    shortName: '滨河镇',
    level: 'township',
    userPrefix: 'bhz',
    address: '示例市滨河镇政通路 1 号',
    phone: '0763-3260001',
    functions:
      '贯彻执行党和国家在农村的方针政策，组织实施本镇经济社会发展计划。\n负责本镇农业农村、农田水利、农村土地承包经营和宅基地审核等工作。\n负责社会救助、社会事务、平安建设和应急管理工作。',
    departments: [
      ['党政综合办公室', '负责机关日常运转、文电、政务公开和档案工作。'],
      ['农业农村办公室', '负责农业农村政策落实、农田水利、土地承包经营权流转和宅基地审核。'],
      ['社会事务办公室', '负责社会救助、民政和残疾人工作。'],
      ['财政所', '负责本镇预决算编制、村级财务和筹资筹劳管理。'],
    ],
  },
];

const ROLE_USERS: { role: AgencyRole; suffix: string; name: string }[] = [
  { role: 'agency_admin', suffix: 'admin', name: '管理员' },
  { role: 'department_editor', suffix: 'editor', name: '编辑' },
  { role: 'office_reviewer', suffix: 'reviewer', name: '审核员' },
  { role: 'leader', suffix: 'leader', name: '分管领导' },
];
const SURNAMES = ['李', '王', '陈', '张', '刘', '黄', '林', '周'];

function demoGuide(a: DemoAgency & { email: string; fax: string; supervisionPhone: string; officeHours: string }): GuideFields {
  return {
    ...defaultGuide(a),
    classification:
      '本机关主动公开的政府信息按照《政府信息公开条例》第二十条分为：机构职能、法规文件、规划计划、统计信息、行政许可和对外管理服务事项、行政处罚和行政强制、财政预决算、行政事业性收费、政府采购、重大建设项目、民生政策、应急管理、监督检查、人事信息及其他主动公开信息。',
    arrangement: '政府信息公开目录按索引号、名称、内容概述、生成日期、发布机构、文号、有效性编排，每条信息有唯一索引号。',
    howToObtain: '本机关主动公开的政府信息通过示例市政府信息公开平台、政府公报、新闻发布会以及市档案馆、市图书馆政府信息查阅点公开，公众可免费查阅、下载。',
    requestChannels:
      '公民、法人或者其他组织可通过以下渠道提出政府信息公开申请：\n1. 当面提交：到本机关办公室填写申请表；\n2. 邮寄申请：信封注明“政府信息公开申请”字样；\n3. 网上申请：通过本平台“依申请公开”栏目提交；\n4. 传真申请：传真后请电话确认。',
    requestForm: '申请表可在本平台“依申请公开”栏目下载，或到本机关办公室领取。',
    supervision: `对本机关政府信息公开工作有异议的，可向示例市人民政府办公室投诉、举报；认为侵犯其合法权益的，可依法申请行政复议或者提起行政诉讼。监督电话：${a.supervisionPhone}。`,
  };
}

/**
 * The fictional 示例市 platform: five agencies (four of the city, one township) with departments and one person in
 * every role each. Accounts are made here only, never by a migration.
 */
export async function seedFoundation(db: Db): Promise<{ agencyIds: Record<string, number> }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    for (const [key, value] of Object.entries({
      siteName: '示例市政府信息公开平台',
      siteShortName: '示例市信息公开',
      siteIdCode: '4499000001',
      hostedBy: '示例市人民政府办公室',
      // The rest of the 指引 footer: fictional numbers in the real formats.
      undertakenBy: '示例市政务服务数据管理局',
      icp: '粤ICP备99000001号-1',
      psbRecord: '粤公网安备 44990002000001号',
      conacUrl: 'https://bszs.conac.cn/sitename?method=show&id=4499000001',
      contactPhone: '0763-3219000',
      contactEmail: 'zwgk@example.gov.cn',
    })) {
      await trx.insertInto('settings').values({ key, value, updatedAt: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: now })).execute();
    }
    const agencyIds: Record<string, number> = {};
    let userNo = 0;
    for (const [i, a] of DEMO_AGENCIES.entries()) {
      const full = {
        ...a,
        email: `${a.slug}@example.gov.cn`,
        fax: a.phone.replace(/\d$/, '9'),
        supervisionPhone: `0763-32199${String(i).padStart(2, '0')}`,
        officeHours: '工作日 上午 8:30–12:00，下午 14:30–17:30（法定节假日除外）',
      };
      const guide = demoGuide(full);
      const agency = await trx
        .insertInto('agencies')
        .values({
          slug: a.slug,
          code: demoUscc(i + 1),
          name: a.name,
          shortName: a.shortName,
          level: a.level,
          siteIdCode: `44990000${String(i + 2).padStart(2, '0')}`,
          address: a.address,
          postcode: '529900',
          officeHours: full.officeHours,
          phone: a.phone,
          fax: full.fax,
          email: full.email,
          website: `https://${a.slug}.example.gov.cn`,
          supervisionPhone: full.supervisionPhone,
          functions: a.functions,
          headName: `${SURNAMES[i]}明`,
          guideDraft: JSON.stringify(guide),
          // The bureau's guide is published; the others are left as drafts to show the workflow.
          guidePublished: i === 0 || i === 3 ? JSON.stringify(guide) : null,
          guidePublishedAt: i === 0 || i === 3 ? now : null,
          sortOrder: i,
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      agencyIds[a.slug] = agency.id;
      await audit.record(trx, SYSTEM_ACTOR, { action: 'agency.create', entityType: 'agency', entityId: agency.id, agencyId: agency.id, summary: `演示数据：新增机关 ${a.name}` });
      const deptIds: number[] = [];
      for (const [j, [name, duties]] of a.departments.entries()) {
        const d = await trx
          .insertInto('departments')
          .values({ agencyId: agency.id, name, duties, phone: a.phone.replace(/\d\d$/, String(10 + j)), sortOrder: j, createdAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        deptIds.push(d.id);
      }
      for (const r of ROLE_USERS) {
        userNo++;
        const username = `${a.userPrefix}-${r.suffix}`;
        const user = await trx
          .insertInto('users')
          .values({
            username,
            displayName: `${SURNAMES[userNo % SURNAMES.length]}${['晓', '建', '丽', '志', '海', '文'][userNo % 6]}${['华', '国', '红', '强', '燕', '军'][(userNo * 5) % 6]}`,
            email: `${username}@example.gov.cn`,
            passwordHash,
            platformAdmin: username === 'demo-admin' ? 1 : 0,
            passwordChangedAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('memberships')
          .values({
            userId: user.id,
            agencyId: agency.id,
            role: r.role,
            // Editors sit in a business department (the second one), not the office.
            departmentId: r.role === 'department_editor' ? (deptIds[1] ?? deptIds[0]!) : null,
            createdAt: now,
          })
          .execute();
        await audit.record(trx, SYSTEM_ACTOR, { action: 'user.create', entityType: 'user', entityId: user.id, agencyId: agency.id, summary: `演示数据：新增人员 ${username}` });
      }
    }
    // 三员分立: the security and audit administrators (demo-admin is the system administrator).
    for (const [username, adminRole, name] of [['demo-security', 'security', '安全管理员'], ['demo-auditor', 'audit', '审计管理员']] as const) {
      const user = await trx
        .insertInto('users')
        .values({ username, displayName: `演示${name}`, email: `${username}@example.gov.cn`, passwordHash, adminRole, passwordChangedAt: now, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.record(trx, SYSTEM_ACTOR, { action: 'user.create', entityType: 'user', entityId: user.id, summary: `演示数据：新增${name} ${username}` });
    }
    // Everyone whose role needs a second factor is enrolled with one public demo key
    // (README), so trying the demo needs one entry in an authenticator app, not one per account.
    const sealed = sealPersonal(trx, TOTP_SECRET_FIELD, { totpSecret: DEMO_TOTP_SECRET }).totpSecret;
    await trx
      .updateTable('users')
      .set({ totpSecret: sealed, totpEnabledAt: now })
      .where((eb) => eb.or([eb('platformAdmin', '=', 1), eb('adminRole', 'is not', null), eb('id', 'in', eb.selectFrom('memberships').select('userId').where('role', '!=', 'department_editor'))]))
      .execute();
    return { agencyIds };
  });
}
