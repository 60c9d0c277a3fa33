<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CrewLinkDialog</name>
    <message>
        <source>Crew photos link</source>
        <translation>工作人员传照片</translation>
    </message>
    <message>
        <source>A separate link for the crew to send photos from their phones</source>
        <translation>另一个链接：工作人员用手机上传活动照片</translation>
    </message>
    <message>
        <source>Crew photo upload</source>
        <translation>工作人员上传照片</translation>
    </message>
    <message>
        <source>For the crew only: scan with your phone to send photos of this visit. Do not show it to participants. The link stops working when the visit ends.</source>
        <translation>仅供工作人员使用：用手机扫码上传本场活动的照片。请勿展示给参加者。活动结束后链接失效。</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>添加文件夹…</translation>
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
        <source>Caption…</source>
        <translation>说明…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>{n} photos, {c} chosen</source>
        <translation>{n} 张照片，{c} 张精选</translation>
    </message>
    <message>
        <source>Some files were not added</source>
        <translation>部分文件未添加</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.webp)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>Add the photos of a folder (a camera card)</source>
        <translation>添加文件夹（相机存储卡）中的照片</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Caption of the photo</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>删除照片</translation>
    </message>
    <message>
        <source>Why is this photo removed? (kept with the record)</source>
        <translation>删除这张照片的原因（随记录保存）：</translation>
    </message>
</context>
</TS>