/**
 * Administration screens (管理画面) that need both the sources and the access rules: which
 * department may see how much of each source (閲覧範囲), and which departments may see 支援措置
 * persons' addresses. The access module may not know the sources, so the screen lives here.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"platform", "access", "importing", "audit", "japanese", "resident", "programs"})
package jp.tsunagu.administration;
