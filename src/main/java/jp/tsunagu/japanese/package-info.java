/**
 * Japanese text (日本語処理): 和暦 dates, person-key normalisation, kana and kanji folding. A shared,
 * open module without Spring dependencies.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package jp.tsunagu.japanese;
