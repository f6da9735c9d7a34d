/**
 * Platform (基盤): the embedded PostgreSQL, the command-line dispatcher and the web shell shared by
 * every module. An open module: others may use its types.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package jp.tsunagu.platform;
