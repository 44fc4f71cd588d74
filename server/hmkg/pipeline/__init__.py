"""The build pipeline: load -> reason -> validate -> publish, tied together by build."""
