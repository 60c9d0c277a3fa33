<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>Console</name>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
        <message>
            <source>{n} photos, {c} chosen</source>
            <translation>{n} 张照片，{c} 张精选</translation>
        </message>
        <message>
            <source>{n} not marked public are not shown to your role.</source>
            <translation>另有 {n} 张未标为可公开，您的角色不能查看。</translation>
        </message>
        <message>
            <source>Download these photos (ZIP)</source>
            <translation>下载这些照片（ZIP）</translation>
        </message>
        <message>
            <source>Only the public ones (ZIP, for publication)</source>
            <translation>只下载可公开的照片（ZIP，供发布）</translation>
        </message>
        <message>
            <source>Highlights pack of {y} (ZIP)</source>
            <translation>{y} 年活动剪影包（ZIP）</translation>
        </message>
        <message>
            <source>Photos of pupils are personal information: every view and download is recorded. Display copies carry no location (GPS).</source>
            <translation>学生照片属于个人信息：每次查看和下载都会记录。展示用照片不含位置信息（GPS）。</translation>
        </message>
        <message>
            <source>not on the hub yet</source>
            <translation>服务器尚未收到</translation>
        </message>
        <message>
            <source>Chosen (精选)</source>
            <translation>精选</translation>
        </message>
        <message>
            <source>Public</source>
            <translation>可公开</translation>
        </message>
        <message>
            <source>No photos of this visit.</source>
            <translation>本次活动没有照片。</translation>
        </message>
        <message>
            <source>Viewed photos</source>
            <translation>查看照片</translation>
        </message>
        <message>
            <source>Downloaded photos (ZIP)</source>
            <translation>下载照片（ZIP）</translation>
        </message>
    </context>
</TS>
