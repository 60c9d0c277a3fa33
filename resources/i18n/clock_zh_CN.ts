<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>The laptop's clock moved by {h:.1f} h since the last sync: set the date and time, or sync (until then records keep the day of the last sync)</source>
        <translation>电脑时钟自上次同步后变动了 {h:.1f} 小时：请改正日期和时间，或同步一次（在此之前记录沿用上次同步的日期）</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Try “Rescue readable data” first: it keeps everything that can still be read. Restoring a backup keeps this laptop's unsent changes where the damaged file still holds them (saved in the backups folder too); synced ones come back with the next sync.</source>
        <translation>请先试“抢救可读数据”：能读出的都会保留。恢复备份时，损坏文件中仍能读出的本机未同步修改会写回（也另存在备份文件夹中）；已同步的在下次同步时取回。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>This laptop's clock moved by {h:.1f} hours since the last sync. Set the date and time in Windows, or sync now: until then records keep the day of the last sync.</source>
        <translation>这台电脑的时钟自上次同步后变动了 {h:.1f} 小时。请在 Windows 中改正日期和时间，或现在同步一次：在此之前，记录沿用上次同步的日期。</translation>
    </message>
</context>
</TS>
