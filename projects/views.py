"""Project pages: list, create, open (generations, MIDI files, exports), edit and delete; a MIDI file's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.selectors import authenticated_user
from coprod.errors import DomainError

from . import selectors, services
from .forms import ExportForm, MidiUploadForm, ProjectForm


@login_required
def project_list_view(request: HttpRequest) -> HttpResponse:
    projects = selectors.project_list(
        owner=authenticated_user(request),
        genre=request.GET.get("genre") or None,
        status=request.GET.get("status") or None,
    )
    return render(request, "projects/list.html", {"projects": projects})


@login_required
def project_create_view(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(owner=authenticated_user(request), data=form.cleaned_data)
        messages.success(request, f"Project “{project.name}” created.")
        return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": "New project"})


@login_required
def project_detail_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(owner=authenticated_user(request), project_id=project_id)
    upload_form, export_form = MidiUploadForm(), ExportForm()
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload_form = MidiUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            uploaded = upload_form.cleaned_data["file"]
            try:
                services.midi_file_upload(
                    owner=authenticated_user(request),
                    data=uploaded.read(services.MAX_MIDI_BYTES + 1),
                    name=upload_form.cleaned_data["name"] or uploaded.name.rsplit(".", 1)[0],
                    project=project,
                )
                messages.success(request, "MIDI file added.")
                return redirect("projects:detail", project_id=project.pk)
            except DomainError as exc:
                upload_form.add_error("file", exc.message)
    elif request.method == "POST" and request.POST.get("action") == "export":
        export_form = ExportForm(request.POST)
        if export_form.is_valid():
            export_type = export_form.cleaned_data["type"]
            generation = project.generations.filter(status="completed").order_by("-created_at").first()
            try:
                services.export_start(
                    owner=authenticated_user(request),
                    export_type=export_type,
                    generation=generation,
                    project=project,
                    export_format="standard",
                )
                messages.success(request, "Export started: you will be notified when it is ready.")
                return redirect("projects:detail", project_id=project.pk)
            except DomainError as exc:
                export_form.add_error("type", exc.reason or exc.message)
    context = {
        "project": project,
        "upload_form": upload_form,
        "export_form": export_form,
        "generations": project.generations.order_by("-created_at"),
        "midi_files": project.midi_files.all(),
        "exports": project.exports.order_by("-created_at")[:10],
    }
    return render(request, "projects/detail.html", context)


@login_required
def midi_file_detail_view(request: HttpRequest, midi_id: int) -> HttpResponse:
    """A MIDI file: its analysis (key, tempo, metre, roles, chords), its parts and its history of versions."""
    midi_file = selectors.midi_file_get(owner=authenticated_user(request), midi_id=midi_id)
    analysis, problem = None, None
    try:
        analysis = selectors.midi_file_analysis(midi_file=midi_file)
        for chord in analysis["progression"]:
            chord["bar_label"] = f"{chord['start_bar'] + 1:g}"  # bars counted from 1, halves as 1.5
    except DomainError as exc:
        problem = exc.message  # a file past the idea limits: it stays downloadable, not analysable
    context = {
        "midi_file": midi_file,
        "analysis": analysis,
        "problem": problem,
        "history": selectors.midi_file_history(midi_file=midi_file),
    }
    return render(request, "projects/midi_detail.html", context)


@login_required
def project_edit_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(owner=authenticated_user(request), project_id=project_id)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.project_update(project=project, data=form.cleaned_data)
        messages.success(request, "Project saved.")
        return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": f"Edit {project.name}", "project": project})


@login_required
def project_delete_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(owner=authenticated_user(request), project_id=project_id)
    if request.method == "POST":
        services.project_delete(project=project)
        messages.success(request, f"Project “{project.name}” deleted.")
        return redirect("projects:list")
    return render(request, "projects/confirm_delete.html", {"project": project})
