import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAppError, type AppError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { localTarget, pageContext, redirectWithFlash, secureCookies, SESSION_COOKIE } from '../../web/core.js';
import { dashboardSections } from '../../web/dashboard.js';
import { formFailure, formValues } from '../../web/forms.js';
import { OfficeLayout } from '../../web/layouts/OfficeLayout.js';
import { listAgenciesWithDepartments } from '../agencies/agency.service.js';
import * as service from './account.service.js';
import { findUser } from './account.repository.js';
import { agenciesWith } from '../access/policy.js';
import { actorRoleLabel, AGENCY_ROLE_KEYS, type Actor } from '../access/roles.js';
import { AccountPage, LoginPage } from './views/AccountViews.js';
import { UserForm, UserList, type UserFormValues } from './views/UserViews.js';
import * as totp from './account.totp.js';
import { RecoveryCodesPage, TwoFactorChallengePage, TwoFactorSetupPage } from './views/TwoFactorViews.js';

const idParam = z.object({ id: intField('编号') });

/** Only same-site paths under /office may be a post-login destination. */
function safeNext(next: unknown): string {
  return localTarget(next, '/office', /^\/office(\/|$)/);
}

/** Turns the role checkboxes (`m.<agencyId>.<role>`, `m.<agencyId>.dept`) into membership inputs. */
function membershipsFromForm(body: Record<string, string>) {
  const memberships: { agencyId: number; role: string; departmentId: number | null }[] = [];
  for (const [key, value] of Object.entries(body)) {
    const m = /^m\.(\d+)\.([a-z_]+)$/.exec(key);
    if (!m || value !== 'on' || !AGENCY_ROLE_KEYS.includes(m[2] as never)) continue;
    const agencyId = Number(m[1]);
    const dept = body[`m.${agencyId}.dept`];
    memberships.push({ agencyId, role: m[2]!, departmentId: m[2] === 'department_editor' && dept ? Number(dept) : null });
  }
  return memberships;
}

async function manageableAgencies(app: FastifyInstance, actor: Actor) {
  const ids = agenciesWith(actor, 'user.roles') ?? agenciesWith(actor, 'user.manage');
  return listAgenciesWithDepartments(app.deps.db, ids);
}

export async function accountOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Querystring: { next?: string } }>('/office/login', { config: { access: 'public' } }, async (req, reply) => {
    if (req.actor) return reply.redirect(safeNext(req.query.next), 303);
    return reply.page(LoginPage({ ctx: pageContext(req, reply), next: safeNext(req.query.next) }));
  });

  app.post(
    '/office/login',
    { config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const body = formValues(req.body);
      try {
        const result = await service.login(db, body.username ?? '', body.password ?? '', {
          ip: req.ip,
          userAgent: String(req.headers['user-agent'] ?? ''),
        });
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies(req),
        });
        // The second factor next, for whoever needs it; the core hook holds every other page until then.
        const user = await findUser(db, result.actor.userId!);
        const next = safeNext(body.next);
        const pending = user && totp.needsSecondFactor(user, result.actor);
        return reply.redirect(result.actor.mustChangePassword ? '/office/account/password' : pending ? `/office/account/2fa?next=${encodeURIComponent(next)}` : next, 303);
      } catch (e) {
        if (!isAppError(e) || !['UNAUTHENTICATED', 'ACCOUNT_LOCKED'].includes(e.code)) throw e;
        return reply.page(
          LoginPage({ ctx: pageContext(req, reply), username: body.username, message: e.message, next: safeNext(body.next) }),
          e.status,
        );
      }
    },
  );

  app.post('/office/logout', { config: { access: 'authenticated', allowPasswordChangePending: true, allowSecondFactorPending: true } }, async (req, reply) => {
    if (req.sessionInfo) await service.logout(db, req.sessionInfo);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/office/login', 303);
  });

  app.get('/office', { config: { access: 'office.access' } }, async (req, reply) => {
    const actor = req.actor!;
    const sections = await dashboardSections(db, actor);
    return reply.page(
      <OfficeLayout ctx={pageContext(req, reply)} title="工作台">
        <h1>工作台</h1>
        <p>
          {actor.displayName}，您好。您的角色：{actorRoleLabel(actor) || '无'}。
        </p>
        {sections.length === 0 ? <p>目前没有待办事项。</p> : null}
        {sections.map((s) => (
          <section key={s.title} class="panel" aria-label={s.title}>
            <h2>{s.title}</h2>
            {s.body}
          </section>
        ))}
      </OfficeLayout>,
    );
  });

  const accountPage = async (req: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; status?: number; errors?: Record<string, string>; message?: string } = {}) => {
    const actor = req.actor!;
    return reply.page(
      AccountPage({
        ctx: pageContext(req, reply),
        tokens: await service.listApiTokens(db, actor),
        forced: !!actor.mustChangePassword,
        ...extra,
      }),
      extra.status ?? 200,
    );
  };

  app.get('/office/account', { config: { access: 'authenticated', allowPasswordChangePending: true } }, (req, reply) => accountPage(req, reply));
  app.get('/office/account/password', { config: { access: 'authenticated', allowPasswordChangePending: true } }, (req, reply) => accountPage(req, reply));

  app.post('/office/account/password', { config: { access: 'authenticated', allowPasswordChangePending: true } }, async (req, reply) => {
    const body = formValues(req.body);
    try {
      await service.changeOwnPassword(db, req.actor!, { current: body.current ?? '', next: body.next ?? '', confirm: body.confirm ?? '' }, req.sessionInfo?.id);
      req.actor!.mustChangePassword = false;
      return redirectWithFlash(reply, '/office/account', '密码已修改；您在其他设备上的登录已失效');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return accountPage(req, reply, { status: f.status, errors: f.errors, message: f.message });
    }
  });

  app.post('/office/account/tokens', { config: { access: 'authenticated' } }, async (req, reply) => {
    try {
      const { token } = await service.createApiToken(db, req.actor!, formValues(req.body));
      return accountPage(req, reply, { newToken: token });
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return accountPage(req, reply, { status: f.status, errors: f.errors, message: f.message });
    }
  });

  app.post('/office/account/tokens/:id/revoke', { config: { access: 'authenticated' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    await service.revokeApiToken(db, req.actor!, id);
    return redirectWithFlash(reply, '/office/account', '令牌已撤销，使用它的程序将无法再访问');
  });

  // ------------------------------------------------------------ second factor
  const pending2fa = { access: 'authenticated' as const, allowSecondFactorPending: true };

  const setupPage = async (req: FastifyRequest, reply: FastifyReply, extra: { status?: number; errors?: Record<string, string>; message?: string } = {}) => {
    const actor = req.actor!;
    const { secret, uri } = await totp.startEnrollment(db, actor);
    return reply.page(TwoFactorSetupPage({ ctx: pageContext(req, reply), secret, uri, required: totp.roleRequiresSecondFactor(actor), ...extra }), extra.status ?? 200);
  };

  app.get<{ Querystring: { next?: string } }>('/office/account/2fa', { config: pending2fa }, async (req, reply) => {
    const user = await findUser(db, req.actor!.userId!);
    if (!user?.totpEnabledAt) return setupPage(req, reply);
    if (!req.actor!.secondFactorPending) return redirectWithFlash(reply, safeNext(req.query.next), '本次登录已完成双因素认证');
    return reply.page(TwoFactorChallengePage({ ctx: pageContext(req, reply), next: safeNext(req.query.next) }));
  });

  app.post('/office/account/2fa', { config: { ...pending2fa, rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const body = formValues(req.body);
    if (!req.sessionInfo) return reply.redirect('/office/login', 303);
    try {
      const r = await totp.verifySecondFactor(db, req.actor!, req.sessionInfo.id, body.code ?? '');
      const note = r.recoveryUsed ? `已使用一个恢复码，还剩 ${r.recoveryLeft} 个${r.recoveryLeft <= 3 ? '；恢复码不多了，请联系安全管理员重置后重新绑定' : ''}` : '双因素认证通过';
      return redirectWithFlash(reply, safeNext(body.next), note);
    } catch (e) {
      if (isAppError(e) && e.code === 'ACCOUNT_LOCKED') return lockedOut(req, reply, e);
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(TwoFactorChallengePage({ ctx: pageContext(req, reply), errors: f.errors, message: f.message, next: safeNext(body.next) }), f.status);
    }
  });

  /** Too many wrong codes: the session ends and the sign-in page says why. */
  function lockedOut(req: FastifyRequest, reply: FastifyReply, e: AppError) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.page(LoginPage({ ctx: pageContext(req, reply), message: e.message }), e.status);
  }

  app.get('/office/account/2fa/setup', { config: pending2fa }, (req, reply) => setupPage(req, reply));

  app.post('/office/account/2fa/setup', { config: { ...pending2fa, rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const body = formValues(req.body);
    try {
      const codes = await totp.confirmEnrollment(db, req.actor!, req.sessionInfo?.id, body.code ?? '');
      req.actor!.secondFactorPending = false;
      return reply.page(RecoveryCodesPage({ ctx: pageContext(req, reply), codes }));
    } catch (e) {
      if (isAppError(e) && e.code === 'ACCOUNT_LOCKED') return lockedOut(req, reply, e);
      const f = formFailure(e);
      if (!f) throw e;
      return setupPage(req, reply, { status: f.status, errors: f.errors, message: f.message });
    }
  });

  app.post('/office/users/:id/2fa/reset', { config: { access: 'user.security' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    await totp.resetSecondFactor(db, req.actor!, id, (userId) => service.userToTakeOver(db, req.actor!, userId));
    return redirectWithFlash(reply, `/office/users/${id}`, '已重置双因素认证，本人下次登录时须重新绑定');
  });

  app.get('/office/users', { config: { access: 'user.list' } }, async (req, reply) => {
    const users = await service.listUsersFor(db, req.actor!);
    const agencies = await listAgenciesWithDepartments(db);
    return reply.page(UserList({ ctx: pageContext(req, reply), users, agencies }));
  });

  app.get('/office/users/new', { config: { access: 'user.manage' } }, async (req, reply) =>
    reply.page(UserForm({ ctx: pageContext(req, reply), agencies: await manageableAgencies(app, req.actor!), values: { memberships: [] } })),
  );

  app.post('/office/users', { config: { access: 'user.manage' } }, async (req, reply) => {
    const body = formValues(req.body);
    const input = {
      username: body.username,
      displayName: body.displayName,
      email: body.email,
      password: body.password,
      platformAdmin: body.platformAdmin === 'on',
      memberships: membershipsFromForm(body),
    };
    try {
      const user = await service.createUser(db, req.actor!, input);
      return redirectWithFlash(reply, `/office/users/${user.id}`, `已创建账号 ${user.username}，请将初始密码告知本人`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const values: UserFormValues = { ...input, memberships: input.memberships };
      return reply.page(UserForm({ ctx: pageContext(req, reply), agencies: await manageableAgencies(app, req.actor!), values, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/users/:id', { config: { access: 'user.list' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const { user, memberships } = await service.getUserForAdmin(db, req.actor!, id);
    const values: UserFormValues = {
      displayName: user.displayName,
      email: user.email,
      disabled: user.disabled === 1,
      platformAdmin: user.platformAdmin === 1,
      adminRole: user.adminRole ?? '',
      version: user.version,
      memberships,
    };
    return reply.page(UserForm({ ctx: pageContext(req, reply), user, agencies: await manageableAgencies(app, req.actor!), values }));
  });

  app.post('/office/users/:id', { config: { access: 'user.list' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const body = formValues(req.body);
    const input = {
      displayName: body.displayName,
      email: body.email,
      disabled: body.disabled === 'on',
      ...(body.adminRole !== undefined ? { adminRole: body.adminRole } : {}),
      // Roles only from a form that showed them: saving a name does not wipe them.
      ...(body.rolesShown === '1' ? { memberships: membershipsFromForm(body) } : {}),
      version: body.version,
    };
    try {
      await service.updateUser(db, req.actor!, id, input);
      return redirectWithFlash(reply, `/office/users/${id}`, '已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const { user } = await service.getUserForAdmin(db, req.actor!, id);
      const values: UserFormValues = { ...input, memberships: input.memberships ?? [], version: Number(body.version) };
      return reply.page(UserForm({ ctx: pageContext(req, reply), user, agencies: await manageableAgencies(app, req.actor!), values, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.post('/office/users/:id/password', { config: { access: 'user.security' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const body = formValues(req.body);
    try {
      await service.resetPassword(db, req.actor!, id, body.password ?? '');
      return redirectWithFlash(reply, `/office/users/${id}`, '密码已重置，本人下次登录时须修改');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const { user, memberships } = await service.getUserForAdmin(db, req.actor!, id);
      const values: UserFormValues = { displayName: user.displayName, email: user.email, disabled: user.disabled === 1, platformAdmin: user.platformAdmin === 1, adminRole: user.adminRole ?? '', version: user.version, memberships };
      return reply.page(UserForm({ ctx: pageContext(req, reply), user, agencies: await manageableAgencies(app, req.actor!), values, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.post('/office/users/:id/unlock', { config: { access: 'user.security' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    await service.unlockUser(db, req.actor!, id);
    return redirectWithFlash(reply, `/office/users/${id}`, '已解除锁定');
  });

}
