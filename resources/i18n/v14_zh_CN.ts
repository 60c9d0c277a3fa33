<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SettingsPage</name>
    <message>
        <source>Personal information</source>
        <translation>个人信息保护</translation>
    </message>
    <message>
        <source>Guardians consented: ask pupils for name and phone</source>
        <translation>已取得监护人同意：向小学生、初中生询问姓名和手机号</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>签到告知</translation>
    </message>
</context>
<context>
    <name>ShellServices</name>
    <message>
        <source>Removing expired personal data</source>
        <translation>正在删除过期的个人信息</translation>
    </message>
</context>
</TS>
