#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz targets (docs/fuzzing.md) into their inputs directories.

FuzzedDataProvider reads numbers and booleans from the END of an input, one byte for each choice
below 256 values (min + byte % range), and the remaining text or bytes from the front: so a seed is
the file's bytes followed by its choices in reverse order. Run from the repository's root.
"""
import os

ROOT = 'src/test/resources/jp/tsunagu'


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'seed-' + name), 'wb') as f:
        f.write(data)


def choices(*values):
    return bytes(reversed(values))


# dates: the text, then the notations as a mask (62 -> all six)
DATES = ROOT + '/japanese/DateNotationFuzzTestsInputs/dates'
for name, text in {
    'wareki': '令和6年4月1日', 'gannen': '令和元年5月1日', 'spaced': '平成 31年 4月 30日', 'era-letter': 'R6.4.1',
    'era-letter-slash': 'h31/4/30', 'era-code7': '3640107', 'yyyymmdd': '20240401', 'slashed': '2024/4/1',
    'iso': '2024-04-01', 'full-width': '２０２４／４／１', 'ligature': '㍻31年4月30日', 'reiwa-ligature': '㋿元年5月1日',
    'minus-sign': '2024−04−01', 'meiji': '明治6年1月1日', 'nonexistent': '令和元年2月30日', 'heisei-ended': '平成31年5月1日',
}.items():
    write(DATES, name, text.encode('utf-8') + choices(62))

# kana: the key width (9 -> 10 digits), then the text
KANA = ROOT + '/resident/SearchKeyFuzzTestsInputs/kana'
for name, text in {
    'half-width': 'ﾀｶﾊｼ ﾔﾏｻﾞｷ', 'hiragana': 'たかはし　ゆうこ', 'voiced-apart': 'カ ゛', 'vu': 'ヴァイオリン',
    'variants': '髙橋 山﨑 渡邊 齋藤', 'ivs': '葛\U000E0100城', 'address': '狭山台三丁目17番27号',
    'address-dashes': '狭山台３－１７－２７', 'search': '佐藤 S45 ｻﾄｳ 昭和45年3月2日', 'key': '０００１２３',
    'wave': '1〜3', 'long-numeral': '一二三四五六七八九一二三丁目',
}.items():
    write(KANA, name, text.encode('utf-8') + choices(9))

# yaml: the sample city's source definitions as they are
YAML = ROOT + '/importing/SourceDefinitionFuzzTestsInputs/yaml'
for name in ('jido-fuyo', 'jumin-kiroku', 'kaigo-nintei', 'shugaku-enjo'):
    with open('src/main/resources/sample/sources/' + name + '.yml', 'rb') as f:
        write(YAML, name, f.read())

# csv: the file, then: charset (0 windows-31j, 1 UTF-8, 2 EUC-JP, 3 UTF-16), delimiter (1 ','), header,
# normalisation (0 zero-pad, 1 strip, 2 none), digits (9 -> 10), check digit, fields (3 -> 4), person key
# position, per field type (0 text, 1 integer, 2 decimal, 3 code, 4 date), required, [date notations (62 -> all)];
# record key (1 -> person key only), encoding mismatch (1 -> warn)
CSV = ROOT + '/importing/CsvIntakeFuzzTestsInputs/csv'
header = '宛名番号,認定日,状態,金額,備考\r\n'
rows = ('0000100005,令和6年4月1日,1,1200,ﾀｶﾊｼ\r\n100013,R6.4.1,2,"1,200",髙橋\r\n'
        '０００１,5060401,Ａ,-0.5,"引用符""と\r\n改行"\r\n0000100021,20240401,1,1e3,\r\n')
fields = (4, 1, 62, 3, 0, 1, 0, 0, 0)  # date, code, decimal, text
config = (1, 1, 1, 9, 1, 3, 0) + fields + (1, 1)
write(CSV, 'utf8-header', (header + rows).encode('utf-8') + choices(*((1,) + config[1:])))
write(CSV, 'sjis-header', (header + rows).encode('cp932') + choices(*((0,) + config[1:])))
write(CSV, 'sjis-positions', rows.encode('cp932') + choices(*((0, 1, 0) + config[3:])))
write(CSV, 'tab-strip', (header + rows).replace(',', '\t').encode('utf-8') + choices(*((1, 0, 1, 1) + config[4:])))
write(CSV, 'utf8-bom', b'\xef\xbb\xbf' + (header + rows).encode('utf-8') + choices(*((1,) + config[1:])))
write(CSV, 'utf8-declared-sjis', (header + rows).encode('utf-8') + choices(*((0,) + config[1:-1] + (0,))))
write(CSV, 'cr-only', (header + rows).replace('\r\n', '\r').encode('utf-8') + choices(*((1,) + config[1:])))
write(CSV, 'broken-quote', (header + '0000100005,"令和6年4月1日,1,1,x\r\n').encode('utf-8') + choices(*((1,) + config[1:])))
write(CSV, 'undecodable', (header.encode('cp932') + b'0000100005,\x81\x7f,1,1,x\r\n') + choices(*((0,) + config[1:])))
write(CSV, 'xlsx', b'PK\x03\x04' + bytes(22) + b'\x13\x00\x00\x00[Content_Types].xml' + choices(*((1,) + config[1:])))

# decoding: the file, then charset and delimiter
DECODING = ROOT + '/importing/CsvIntakeFuzzTestsInputs/decoding'
write(DECODING, 'sjis', (header + rows).encode('cp932') + choices(0, 1))
write(DECODING, 'utf8-bom-cr', b'\xef\xbb\xbf' + (header + rows).replace('\r\n', '\r').encode('utf-8') + choices(1, 1))
write(DECODING, 'utf16', (header + rows).encode('utf-16') + choices(3, 0))
write(DECODING, 'eucjp', (header + rows).replace('髙', '高').encode('euc-jp') + choices(2, 1))
write(DECODING, 'truncated-sjis', (header + rows).encode('cp932')[:-3] + b'\x82' + choices(0, 1))
