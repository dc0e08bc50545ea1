import { useEffect } from 'react';
import { importFile } from './import';
import { useLibrary } from './store';

const carriesFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/**
 * Files dropped on the app (the canvas or anywhere else) are imported as new graphs,
 * one after another; while a file is dragged over the window the drop hint shows.
 * Palette drags carry no files and are left to the canvas.
 */
export function useFileDrop(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // dragover repeats every few tens of ms while a drag is over the page; silence means it left.
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
      if (!useLibrary.getState().dropping) useLibrary.setState({ dropping: true });
      clearTimeout(timer);
      timer = setTimeout(() => useLibrary.setState({ dropping: false }), 250);
    };
    const drop = async (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      clearTimeout(timer);
      useLibrary.setState({ dropping: false });
      for (const file of Array.from(e.dataTransfer!.files)) await importFile(file);
    };
    window.addEventListener('dragenter', over);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('dragenter', over);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}
