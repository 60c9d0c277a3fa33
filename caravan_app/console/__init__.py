"""The office console: the association's web pages on the hub (``caravan-server`` serves them at ``/``).

A face like ``cli`` and ``signin``: routes and templates over the hub's database and the laptop's
services. Nothing imports it except ``caravan-server``'s serve command.
"""
