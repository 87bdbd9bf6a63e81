#!/usr/bin/python3
"""Builds the SQLite indicator store of the 简况 demo (templates/jiankuang/jiankuang_sqlite.yaml)
from the demo's CSV files, as an office loads its monthly tables into a database of its own:

    scripts/demo_db.py data/jiankuang data/jiankuang/jiankuang.db

Tables (every figure stored as TEXT, so that 186.20 keeps its written decimals; 序号 INTEGER):
  月度      the cumulative growth rates month by month (月度.csv as it is)
  主要指标  the 主要经济指标 table of every period: 报告期, 序号 and the sheet's columns; the
            sheet's 注 and 资料来源 rows are rows too (their text in 指标), as in the sheet
  县区      the counties' growth rates of every period: 报告期, 序号 and the sheet's columns
The file is written to a temporary name and renamed, so a reader never sees half of it.
"""
import csv
import os
import sqlite3
import sys


def read_csv(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        text = raw.decode('gb18030')
    return list(csv.reader(text.splitlines()))


def create(db, name, columns):
    cols = ', '.join('"%s" %s' % (c, 'INTEGER' if c == '序号' else 'TEXT') for c in columns)
    db.execute('CREATE TABLE "%s" (%s)' % (name, cols))


def insert(db, name, row):
    marks = ', '.join('?' * len(row))
    db.execute('INSERT INTO "%s" VALUES (%s)' % (name, marks), [v if v != '' else None for v in row])


def main(folder, target):
    tmp = target + '.tmp'
    if os.path.exists(tmp):
        os.remove(tmp)
    db = sqlite3.connect(tmp)
    monthly = read_csv(os.path.join(folder, '月度.csv'))
    create(db, '月度', monthly[0])
    for row in monthly[1:]:
        insert(db, '月度', row)
    periods = sorted(p for p in os.listdir(folder) if os.path.isdir(os.path.join(folder, p)))
    for table, file, header_line in (('主要指标', '主要指标.csv', 2), ('县区', '县区.csv', 1)):
        made = False
        for period in periods:
            rows = read_csv(os.path.join(folder, period, file))[header_line - 1:]
            if not made:
                create(db, table, ['报告期', '序号'] + rows[0])
                made = True
            for seq, row in enumerate(rows[1:], 1):
                insert(db, table, [period, str(seq)] + row)
    db.commit()
    db.close()
    os.replace(tmp, target)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: demo_db.py DATA_FOLDER DATABASE')
    main(sys.argv[1], sys.argv[2])
