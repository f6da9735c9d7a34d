/**
 * Demo (デモ): {@code java -jar tsunagu.jar --demo} generates the sample municipality, imports every
 * source through the normal intake and creates demo staff accounts.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "sample", "importing", "access", "consultation"})
package jp.tsunagu.demo;
